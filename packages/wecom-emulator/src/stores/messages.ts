/** WeCom's upper bound for duplicate_check_interval. */
export const MAX_DUPLICATE_WINDOW_SECONDS = 4 * 60 * 60;

/**
 * One message as one member received it.
 *
 * @public
 */
export interface DeliveredMessage {
  msgid: string;
  corpId: string;
  agentId: number;
  userid: string;
  msgtype: string;
  /** The message's own section, e.g. `{ content }` for text, the card for template_card. */
  content: unknown;
  /** The template card's task_id, when the message is a card with one. */
  taskId?: string;
  /** ISO time by the emulator's clock. */
  sentAt: string;
}

/**
 * A message WeCom accepted but did not deliver to one member, who was over
 * the app's per-member budget.
 *
 * @public
 */
export interface DroppedMessage extends DeliveredMessage {
  reason: 'perUserPerMinute' | 'perUserPerHour';
}

/** What a message/send answered, kept so a duplicate gets the same answer. */
export interface SendOutcome {
  msgid: string;
  invaliduser: string;
  /** Members a suite's app has no interface licence for (page 95652). */
  unlicenseduser?: string;
  response_code?: string;
}

/** Delivered messages per member, and the duplicate-check memory of message/send. */
export class MessageStore {
  readonly #byUser = new Map<string, DeliveredMessage[]>();
  readonly #recent = new Map<string, { at: number; outcome: SendOutcome }>();
  readonly #droppedByUser = new Map<string, DroppedMessage[]>();
  #delivered = 0;
  #dropped = 0;
  #duplicatesSuppressed = 0;
  #pruneAt = 1024;

  deliver(message: DeliveredMessage): void {
    const key = userKey(message.corpId, message.userid);
    const list = this.#byUser.get(key);
    if (list) list.push(message);
    else this.#byUser.set(key, [message]);
    this.#delivered++;
  }

  /** Records a message dropped for one member (over budget). */
  drop(message: DroppedMessage): void {
    const key = userKey(message.corpId, message.userid);
    const list = this.#droppedByUser.get(key);
    if (list) list.push(message);
    else this.#droppedByUser.set(key, [message]);
    this.#dropped++;
  }

  /** Messages dropped for one member, oldest first. */
  droppedTo(corpId: string, userid: string): DroppedMessage[] {
    return this.#droppedByUser.get(userKey(corpId, userid)) ?? [];
  }

  get droppedCount(): number {
    return this.#dropped;
  }

  /** Messages one member received, oldest first. */
  to(corpId: string, userid: string): DeliveredMessage[] {
    return this.#byUser.get(userKey(corpId, userid)) ?? [];
  }

  get deliveredCount(): number {
    return this.#delivered;
  }

  get duplicatesSuppressed(): number {
    return this.#duplicatesSuppressed;
  }

  /**
   * The earlier outcome of an identical request sent within `windowMillis`,
   * which WeCom accepts without delivering again.
   */
  findDuplicate(
    key: string,
    nowMillis: number,
    windowMillis: number,
  ): SendOutcome | undefined {
    const seen = this.#recent.get(key);
    if (!seen || nowMillis - seen.at >= windowMillis) return undefined;
    this.#duplicatesSuppressed++;
    return seen.outcome;
  }

  rememberForDuplicateCheck(
    key: string,
    nowMillis: number,
    outcome: SendOutcome,
  ): void {
    this.#recent.set(key, { at: nowMillis, outcome });
    if (this.#recent.size >= this.#pruneAt) this.#prune(nowMillis);
  }

  /** Drops entries past the longest window (4 h); amortized O(1) per send. */
  #prune(nowMillis: number): void {
    for (const [key, seen] of this.#recent) {
      if (nowMillis - seen.at >= MAX_DUPLICATE_WINDOW_SECONDS * 1000)
        this.#recent.delete(key);
    }
    this.#pruneAt = Math.max(1024, this.#recent.size * 2);
  }
}

function userKey(corpId: string, userid: string): string {
  return `${corpId}/${userid}`;
}

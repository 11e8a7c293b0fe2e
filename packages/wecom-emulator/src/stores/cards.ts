import { ErrCode, WeComError } from '../errcodes';
import { randomId } from '../ids';

/** A response code is spendable once, within 72 hours of being issued. */
export const RESPONSE_CODE_TTL_MILLIS = 72 * 60 * 60 * 1000;

/**
 * A template card as one recipient currently sees it.
 *
 * @public
 */
export interface RecipientCard {
  userid: string;
  /** The current template_card JSON (the sent one, or the last full update). */
  card: Record<string, unknown>;
  /** Set when an update turned the buttons into one disabled label. */
  replaceName?: string;
  /** 1 when sent, +1 per update. */
  version: number;
  updatedAt: string;
}

/**
 * Something that happened to a card.
 *
 * @public
 */
export type CardEvent =
  | { type: 'sent'; at: string; userids: string[]; responseCode?: string }
  | {
      type: 'click';
      at: string;
      userid: string;
      eventKey: string;
      responseCode: string;
    }
  | { type: 'update'; at: string; userids: string[]; responseCode: string };

/**
 * A template card sent by one app under one task_id.
 *
 * @public
 */
export interface CardRecord {
  corpId: string;
  agentId: number;
  taskId: string;
  cardType: string;
  msgid: string;
  sentAt: string;
  /** The suite whose corp token sent it: its clicks go to the suite's data callback. */
  suiteId?: string;
  recipients: Map<string, RecipientCard>;
  events: CardEvent[];
}

/**
 * An issued response code.
 *
 * @public
 */
export interface ResponseCodeRecord {
  code: string;
  corpId: string;
  agentId: number;
  taskId: string;
  /** Whose card the code may update when the request names nobody. */
  userids: string[];
  source: 'send' | 'click';
  issuedAt: number;
  usedAt?: number;
}

/** Template cards by task_id, and their response codes. */
export class CardStore {
  readonly #cards = new Map<string, CardRecord>();
  readonly #codes = new Map<string, ResponseCodeRecord>();
  readonly #byTaskId = new Map<string, CardRecord[]>();

  get(corpId: string, agentId: number, taskId: string): CardRecord | undefined {
    return this.#cards.get(cardKey(corpId, agentId, taskId));
  }

  /** The card with this task_id in any app (task ids are unique in practice). */
  findByTaskId(taskId: string, corpId?: string): CardRecord | undefined {
    return this.#byTaskId
      .get(taskId)
      ?.find(card => corpId === undefined || card.corpId === corpId);
  }

  all(): CardRecord[] {
    return [...this.#cards.values()];
  }

  add(card: CardRecord): void {
    this.#cards.set(cardKey(card.corpId, card.agentId, card.taskId), card);
    const sameTask = this.#byTaskId.get(card.taskId);
    if (sameTask) sameTask.push(card);
    else this.#byTaskId.set(card.taskId, [card]);
  }

  issueCode(record: Omit<ResponseCodeRecord, 'code'>): string {
    const code = randomId(24);
    this.#codes.set(code, { ...record, code });
    return code;
  }

  /** Marks a code used, or throws the WeCom error for an unusable one. */
  spendCode(
    code: string,
    corpId: string,
    agentId: number,
    nowMillis: number,
  ): ResponseCodeRecord {
    const record = this.#codes.get(code);
    if (!record || record.corpId !== corpId || record.agentId !== agentId) {
      throw new WeComError(
        ErrCode.INVALID_RESPONSE_CODE,
        'invalid response_code',
      );
    }
    if (record.usedAt !== undefined) {
      throw new WeComError(
        ErrCode.INVALID_RESPONSE_CODE,
        'response_code has been used',
      );
    }
    if (nowMillis - record.issuedAt > RESPONSE_CODE_TTL_MILLIS) {
      throw new WeComError(
        ErrCode.INVALID_RESPONSE_CODE,
        'response_code expired',
      );
    }
    record.usedAt = nowMillis;
    return record;
  }

  code(code: string): ResponseCodeRecord | undefined {
    return this.#codes.get(code);
  }
}

function cardKey(corpId: string, agentId: number, taskId: string): string {
  return `${corpId}/${agentId}/${taskId}`;
}

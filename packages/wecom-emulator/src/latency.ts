import { apiName } from './faults';

/**
 * A call being held: its API and, for a card send or update, the card's
 * task_id (so a test waiting for one send is not fooled by another).
 */
export interface HeldCall {
  api: string;
  taskId?: string;
}

/**
 * How long calls of each API wait before they are handled, so a test can
 * make WeCom slow (e.g. to kill a replica while its `message/send` is still
 * on the wire). A call that waits is handled even if its caller went away
 * meanwhile, as WeCom would.
 */
export class LatencyTable {
  readonly #ms = new Map<string, number>();
  readonly #waiting = new Map<string, number>();
  readonly #held = new Set<HeldCall>();

  constructor(initial: Record<string, number> = {}) {
    for (const [api, ms] of Object.entries(initial)) this.set(api, ms);
  }

  /** `api` as for faults (`message/send`, `/cgi-bin/message/send`, `*`); 0 ms removes it. */
  set(api: string, ms: number): void {
    const key = api === '*' ? '*' : apiName(api);
    if (ms > 0) this.#ms.set(key, ms);
    else this.#ms.delete(key);
  }

  /** The delay of one call of `api`: its own, else the `*` one, else 0. */
  of(api: string): number {
    return this.#ms.get(api) ?? this.#ms.get('*') ?? 0;
  }

  /**
   * Runs `handle` after the delay of `api`; meanwhile the call counts as
   * waiting, and `taskId` (a card's task_id) tells a test which send it is.
   */
  hold(api: string, handle: () => void, taskId?: string): void {
    const ms = this.of(api);
    if (ms <= 0) {
      handle();
      return;
    }
    const call: HeldCall = { api, ...(taskId && { taskId }) };
    this.#count(api, +1);
    this.#held.add(call);
    setTimeout(() => {
      this.#count(api, -1);
      this.#held.delete(call);
      handle();
    }, ms);
  }

  all(): Record<string, number> {
    return Object.fromEntries(this.#ms);
  }

  /** Calls held right now, by API: a test sees a call on the wire. */
  waiting(): Record<string, number> {
    return Object.fromEntries(this.#waiting);
  }

  /** The calls held right now, oldest first. */
  held(): HeldCall[] {
    return [...this.#held].map(call => ({ ...call }));
  }

  #count(api: string, change: number) {
    const n = (this.#waiting.get(api) ?? 0) + change;
    if (n > 0) this.#waiting.set(api, n);
    else this.#waiting.delete(api);
  }
}

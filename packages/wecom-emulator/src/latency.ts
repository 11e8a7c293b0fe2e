import { apiName } from './faults';

/**
 * How long calls of each API wait before they are handled, so a test can
 * make WeCom slow (e.g. to kill a replica while its `message/send` is still
 * on the wire). A call that waits is handled even if its caller went away
 * meanwhile, as WeCom would.
 */
export class LatencyTable {
  readonly #ms = new Map<string, number>();
  readonly #waiting = new Map<string, number>();

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

  /** Runs `handle` after the delay of `api`; meanwhile the call counts as waiting. */
  hold(api: string, handle: () => void): void {
    const ms = this.of(api);
    if (ms <= 0) {
      handle();
      return;
    }
    this.#count(api, +1);
    setTimeout(() => {
      this.#count(api, -1);
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

  #count(api: string, change: number) {
    const n = (this.#waiting.get(api) ?? 0) + change;
    if (n > 0) this.#waiting.set(api, n);
    else this.#waiting.delete(api);
  }
}

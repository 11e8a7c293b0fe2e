/**
 * One WeCom API call as the emulator saw it.
 *
 * @public
 */
export interface CallLogEntry {
  /** The path after `/cgi-bin/`, e.g. `message/send`. */
  api: string;
  /** ISO time by the emulator's clock. */
  at: string;
  errcode: number;
}

/**
 * Per-API totals.
 *
 * @public
 */
export interface ApiCallCount {
  calls: number;
  errors: number;
  byErrcode: Record<string, number>;
}

/**
 * Every call counted exactly; the most recent `capacity` entries kept in a
 * ring so a benchmark of a million calls does not grow memory without bound.
 */
export class CallLog {
  readonly #ring: CallLogEntry[] = [];
  #next = 0;
  #total = 0;
  readonly #counts = new Map<string, ApiCallCount>();

  constructor(private readonly capacity = 50_000) {}

  record(entry: CallLogEntry): void {
    if (this.#ring.length < this.capacity) this.#ring.push(entry);
    else this.#ring[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
    this.#total++;

    let count = this.#counts.get(entry.api);
    if (!count) {
      count = { calls: 0, errors: 0, byErrcode: {} };
      this.#counts.set(entry.api, count);
    }
    count.calls++;
    if (entry.errcode !== 0) count.errors++;
    const key = String(entry.errcode);
    count.byErrcode[key] = (count.byErrcode[key] ?? 0) + 1;
  }

  get total(): number {
    return this.#total;
  }

  /** Calls to one API (e.g. `gettoken`), 0 when never called. */
  count(api: string): number {
    return this.#counts.get(api)?.calls ?? 0;
  }

  counts(): Record<string, ApiCallCount> {
    return Object.fromEntries(
      [...this.#counts].map(([api, c]) => [
        api,
        { ...c, byErrcode: { ...c.byErrcode } },
      ]),
    );
  }

  /** The retained entries, oldest first. */
  entries(): CallLogEntry[] {
    if (this.#ring.length < this.capacity) return [...this.#ring];
    return [
      ...this.#ring.slice(this.#next),
      ...this.#ring.slice(0, this.#next),
    ];
  }
}

/**
 * Fixed one-minute windows counted against the emulator's clock.
 *
 * Written by hand rather than with rate-limiter-flexible because the windows
 * must follow the emulator's injectable, advanceable clock (that library reads
 * wall time), and a check-all-then-consume step is needed so a message to many
 * members is either delivered to all of them or refused as a whole.
 */
export class MinuteWindows {
  readonly #windows = new Map<string, { start: number; count: number }>();

  /**
   * Consumes one unit for every key if all of them stay within `limit`;
   * otherwise consumes nothing and returns the first key over the limit.
   */
  tryConsume(
    keys: string[],
    limit: number,
    nowMillis: number,
  ): string | undefined {
    const start = Math.floor(nowMillis / 60_000) * 60_000;
    for (const key of keys) {
      const window = this.#windows.get(key);
      const used = window && window.start === start ? window.count : 0;
      if (used >= limit) return key;
    }
    for (const key of keys) {
      const window = this.#windows.get(key);
      if (window && window.start === start) window.count++;
      else this.#windows.set(key, { start, count: 1 });
    }
    return undefined;
  }

  clear(): void {
    this.#windows.clear();
  }
}

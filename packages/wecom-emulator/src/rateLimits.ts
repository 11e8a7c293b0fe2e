/** One minute, the window of WeCom's per-minute limits. */
export const MINUTE_MILLIS = 60_000;

/** One hour, the window of WeCom's per-hour limits. */
export const HOUR_MILLIS = 60 * MINUTE_MILLIS;

/**
 * Fixed windows (a minute, an hour) counted against the emulator's clock.
 * WeCom documents the limits per minute and per hour (pages 90312, 90454)
 * but not whether its windows are fixed or sliding; fixed windows are the
 * simpler guess.
 *
 * Written by hand rather than with rate-limiter-flexible because the windows
 * must follow the emulator's injectable, advanceable clock (that library reads
 * wall time), and a check-all-then-consume step is needed so a call that
 * counts against several keys is either counted for all of them or refused
 * as a whole.
 */
export class FixedWindows {
  readonly #windows = new Map<string, { start: number; count: number }>();

  /**
   * Consumes one unit for every key if all of them stay within `limit`;
   * otherwise consumes nothing and returns the first key over the limit.
   */
  tryConsume(
    keys: string[],
    limit: number,
    nowMillis: number,
    windowMillis = MINUTE_MILLIS,
  ): string | undefined {
    const over = keys.find(key =>
      this.isFull(key, limit, nowMillis, windowMillis),
    );
    if (over !== undefined) return over;
    for (const key of keys) this.consume(key, nowMillis, windowMillis);
    return undefined;
  }

  /** Whether `key` used up `limit` in the window `nowMillis` falls into. */
  isFull(
    key: string,
    limit: number,
    nowMillis: number,
    windowMillis = MINUTE_MILLIS,
  ): boolean {
    return this.#used(key, nowMillis, windowMillis) >= limit;
  }

  /** Counts one unit for `key` in the window `nowMillis` falls into. */
  consume(key: string, nowMillis: number, windowMillis = MINUTE_MILLIS): void {
    const start = windowStart(nowMillis, windowMillis);
    const id = windowId(key, windowMillis);
    const window = this.#windows.get(id);
    if (window && window.start === start) window.count++;
    else this.#windows.set(id, { start, count: 1 });
  }

  clear(): void {
    this.#windows.clear();
  }

  #used(key: string, nowMillis: number, windowMillis: number): number {
    const window = this.#windows.get(windowId(key, windowMillis));
    return window && window.start === windowStart(nowMillis, windowMillis)
      ? window.count
      : 0;
  }
}

/**
 * Failed `user/getuserid` lookups per corp per day. WeCom: "请确保手机号的
 * 正确性，若出错的次数超出企业人数上限的20%，会导致1天不可调用" (page 95402,
 * the same on 96267). What we could not confirm, and chose:
 * - the page names no errcode for the block; we answer 45009 (接口调用超过限制,
 *   the errcode of every other frequency block, global error-code page 90313);
 * - "企业人数上限" is the corp's seat limit, which the emulator does not model:
 *   its headcount (members in the directory) stands in, the smaller number;
 * - "1天" is read as the natural day, like WeCom's other daily blocks
 *   ("按天拦截则被屏蔽一天(自然天)", page 90312), in China time (UTC+8).
 */
export class MobileLookupFailures {
  readonly #byCorp = new Map<string, { day: number; failures: number }>();

  /** Whether the corp's misses today exceed `share` of `headcount`. */
  isBlocked(
    corpId: string,
    headcount: number,
    share: number,
    nowMillis: number,
  ): boolean {
    const entry = this.#byCorp.get(corpId);
    if (!entry || entry.day !== chinaDay(nowMillis)) return false;
    return entry.failures > headcount * share;
  }

  recordFailure(corpId: string, nowMillis: number): void {
    const day = chinaDay(nowMillis);
    const entry = this.#byCorp.get(corpId);
    if (entry && entry.day === day) entry.failures++;
    else this.#byCorp.set(corpId, { day, failures: 1 });
  }
}

const CHINA_OFFSET_MILLIS = 8 * HOUR_MILLIS;

function chinaDay(nowMillis: number): number {
  return Math.floor((nowMillis + CHINA_OFFSET_MILLIS) / (24 * HOUR_MILLIS));
}

function windowStart(nowMillis: number, windowMillis: number): number {
  return Math.floor(nowMillis / windowMillis) * windowMillis;
}

/** The same key counts separately per window length. */
function windowId(key: string, windowMillis: number): string {
  return `${windowMillis}|${key}`;
}

import { randomId } from '../ids';

/** What a one-time code stands for. */
export interface OneTimeCode<T> {
  value: T;
  issuedAt: number;
}

/**
 * Codes that may be redeemed once within a lifetime: OAuth codes (5 minutes),
 * third-party auth codes, bot response_url codes.
 */
export class OneTimeCodes<T> {
  readonly #codes = new Map<string, OneTimeCode<T>>();

  constructor(private readonly lifetimeMillis: number) {}

  issue(value: T, nowMillis: number): string {
    const code = randomId(16);
    this.#codes.set(code, { value, issuedAt: nowMillis });
    return code;
  }

  /** The code's value if it is live; the code is gone afterwards either way. */
  redeem(code: string, nowMillis: number): T | undefined {
    const entry = this.#codes.get(code);
    if (!entry) return undefined;
    this.#codes.delete(code);
    return nowMillis - entry.issuedAt <= this.lifetimeMillis
      ? entry.value
      : undefined;
  }

  /** The code's value without redeeming it (for inspection). */
  peek(code: string): T | undefined {
    return this.#codes.get(code)?.value;
  }
}

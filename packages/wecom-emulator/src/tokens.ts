import { ErrCode, WeComError } from './errcodes';
import { randomId } from './ids';

/** What an access token was issued for. */
export type TokenGrant =
  | {
      kind: 'corp';
      corpId: string;
      agentId: number;
      expiresAt: number;
      /** Set for a third-party suite's corp token (get_corp_token). */
      suiteId?: string;
    }
  | { kind: 'suite'; suiteId: string; expiresAt: number };

/**
 * Issued tokens. Expired tokens are kept so that using one answers 42001
 * (expired) rather than 40014 (unknown), as WeCom does.
 */
export class TokenStore {
  readonly #tokens = new Map<string, TokenGrant>();

  constructor(private readonly ttlSeconds: number) {}

  get ttl(): number {
    return this.ttlSeconds;
  }

  issueCorpToken(
    corpId: string,
    agentId: number,
    nowMillis: number,
    suiteId?: string,
  ): string {
    return this.#issue({
      kind: 'corp',
      corpId,
      agentId,
      expiresAt: nowMillis + this.ttlSeconds * 1000,
      ...(suiteId && { suiteId }),
    });
  }

  issueSuiteToken(suiteId: string, nowMillis: number): string {
    return this.#issue({
      kind: 'suite',
      suiteId,
      expiresAt: nowMillis + this.ttlSeconds * 1000,
    });
  }

  /** The corp grant behind `access_token`, or the WeCom error for it. */
  checkCorpToken(
    token: string | undefined,
    nowMillis: number,
  ): Extract<TokenGrant, { kind: 'corp' }> {
    if (!token) {
      throw new WeComError(
        ErrCode.MISSING_ACCESS_TOKEN,
        'access_token missing',
      );
    }
    const grant = this.#tokens.get(token);
    if (!grant || grant.kind !== 'corp') {
      throw new WeComError(
        ErrCode.INVALID_ACCESS_TOKEN,
        'invalid access_token',
      );
    }
    if (grant.expiresAt <= nowMillis) {
      throw new WeComError(
        ErrCode.ACCESS_TOKEN_EXPIRED,
        'access_token expired',
      );
    }
    return grant;
  }

  checkSuiteToken(
    token: string | undefined,
    nowMillis: number,
  ): Extract<TokenGrant, { kind: 'suite' }> {
    if (!token) {
      throw new WeComError(
        ErrCode.MISSING_SUITE_TOKEN,
        'suite_access_token missing',
      );
    }
    const grant = this.#tokens.get(token);
    if (!grant || grant.kind !== 'suite') {
      throw new WeComError(
        ErrCode.INVALID_SUITE_TOKEN,
        'invalid suite_access_token',
      );
    }
    if (grant.expiresAt <= nowMillis) {
      throw new WeComError(
        ErrCode.SUITE_TOKEN_EXPIRED,
        'suite_access_token expired',
      );
    }
    return grant;
  }

  /** Expires every live token (of one corp when given); returns how many. */
  expireAll(nowMillis: number, corpId?: string): number {
    let expired = 0;
    for (const grant of this.#tokens.values()) {
      if (grant.expiresAt <= nowMillis) continue;
      if (
        corpId !== undefined &&
        (grant.kind !== 'corp' || grant.corpId !== corpId)
      ) {
        continue;
      }
      grant.expiresAt = nowMillis;
      expired++;
    }
    return expired;
  }

  /** Expires the live corp tokens got with a suite's permanent code. */
  expireSuiteCorpTokens(nowMillis: number, suiteId: string): number {
    let expired = 0;
    for (const grant of this.#tokens.values()) {
      if (grant.expiresAt <= nowMillis) continue;
      if (grant.kind !== 'corp' || grant.suiteId !== suiteId) continue;
      grant.expiresAt = nowMillis;
      expired++;
    }
    return expired;
  }

  /** Number of tokens ever issued: a client that caches tokens keeps this low. */
  get issuedCount(): number {
    return this.#tokens.size;
  }

  /** Every token issued, live or expired: for tests that check none leaks. */
  issuedTokens(): string[] {
    return [...this.#tokens.keys()];
  }

  #issue(grant: TokenGrant): string {
    const token = randomId(32);
    this.#tokens.set(token, grant);
    return token;
  }
}

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { timingSafeEqual } from 'node:crypto';
import { deriveFromSecretsKey } from '../crypto/secretsKeyDerivation';

/** A fresh login-cookie value: 32 random bytes. */
export function newLoginCookieValue(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the OAuth2 state's MAC covers of the login cookie: its SHA-256, so
 * the cookie value itself is never part of anything signed or logged.
 */
export function hashLoginCookie(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Binds a workspace ticket to the browser the callback answered: the ticket
 * cookie holds HMAC(ticket), keyed by HKDF from `wecom.secretsKey`. The
 * ticket travels in the app URL (logs, history, a forwarded link); without
 * the key nobody can make the matching cookie from it.
 */
export class WorkspaceTicketBinder {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  static fromSecretsKey(secretsKey: string): WorkspaceTicketBinder {
    return new WorkspaceTicketBinder(
      deriveFromSecretsKey(secretsKey, 'workspace ticket binding'),
    );
  }

  /** The ticket cookie's value for `ticket`. */
  cookieFor(ticket: string): string {
    return createHmac('sha256', this.#key).update(ticket).digest('base64url');
  }

  /** Whether `cookie` was made for `ticket`; constant time. */
  matches(ticket: string, cookie: string | undefined): boolean {
    if (!cookie) return false;
    const expected = Buffer.from(this.cookieFor(ticket));
    const given = Buffer.from(cookie);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

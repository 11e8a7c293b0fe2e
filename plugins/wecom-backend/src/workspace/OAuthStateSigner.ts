import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DateTime, Duration } from 'luxon';
import { deriveFromSecretsKey } from '../crypto/secretsKeyDerivation';

/** What a verified OAuth2 `state` stands for. */
export interface OAuthState {
  integrationId: string;
  /** Random; recorded on first use so a state works once. */
  nonce: string;
  expiresAt: DateTime;
  /** The app path to continue at after the login. */
  redirectTo: string;
  /** The hash of the login cookie of the browser that started the login. */
  browser: string;
}

/** The outcome of {@link OAuthStateSigner.verify}. */
export type OAuthStateCheck =
  | { ok: true; state: OAuthState }
  | { ok: false; reason: string };

/** A state is good for the time a member takes to pass WeCom's page. */
export const OAUTH_STATE_LIFETIME = Duration.fromObject({ minutes: 10 });

// WeCom accepts a state of at most 128 bytes of a-z, A-Z and 0-9, so the
// state is hex: nonce (16 bytes) ‖ expiry (4 bytes, unix seconds) ‖
// HMAC-SHA256 (32 bytes) = 104 characters.
const NONCE_HEX = 32;
const EXPIRY_HEX = 8;
const MAC_HEX = 64;
const STATE_PATTERN = new RegExp(
  `^[0-9a-f]{${NONCE_HEX + EXPIRY_HEX + MAC_HEX}}$`,
);

/** What the state's MAC covers besides its nonce and expiry. */
export interface OAuthStateContext {
  integrationId: string;
  redirectTo: string;
  /**
   * The hash of the login cookie (`hashLoginCookie`) set in the
   * browser that opened the App Homepage URL: a callback opened in any other
   * browser fails the signature (login CSRF).
   */
  browser: string;
}

/**
 * Signs the OAuth2 `state` of the workspace login so a callback can only
 * complete a login this backend started, in the browser that started it.
 * The MAC covers the integration, the redirect path and the browser's login
 * cookie too — they travel outside the state (the route, the redirect_uri's
 * query, the cookie), so changing any of them breaks the signature. Keyed by
 * HKDF from `wecom.secretsKey` with its own info string.
 */
export class OAuthStateSigner {
  private constructor(private readonly key: Buffer) {}

  static fromSecretsKey(secretsKey: string): OAuthStateSigner {
    return new OAuthStateSigner(
      deriveFromSecretsKey(secretsKey, 'workspace oauth state'),
    );
  }

  sign(
    input: OAuthStateContext,
    options: { now?: DateTime; expiresAt?: DateTime } = {},
  ): { state: string; nonce: string; expiresAt: DateTime } {
    const expiresAt =
      options.expiresAt ??
      (options.now ?? DateTime.utc()).plus(OAUTH_STATE_LIFETIME);
    const nonce = randomBytes(NONCE_HEX / 2).toString('hex');
    const expiry = Math.floor(expiresAt.toSeconds())
      .toString(16)
      .padStart(EXPIRY_HEX, '0');
    const mac = this.mac({ ...input, nonce, expiry });
    return { state: `${nonce}${expiry}${mac}`, nonce, expiresAt };
  }

  /**
   * Checks the signature over the state and what came with it, then the
   * expiry. A state made for another integration or another browser fails
   * the signature.
   */
  verify(
    state: string,
    context: OAuthStateContext,
    now: DateTime = DateTime.utc(),
  ): OAuthStateCheck {
    if (!STATE_PATTERN.test(state)) {
      return refuse('the sign-in state is malformed');
    }
    const nonce = state.slice(0, NONCE_HEX);
    const expiry = state.slice(NONCE_HEX, NONCE_HEX + EXPIRY_HEX);
    const given = Buffer.from(state.slice(NONCE_HEX + EXPIRY_HEX), 'hex');
    const expected = Buffer.from(
      this.mac({ ...context, nonce, expiry }),
      'hex',
    );
    if (!timingSafeEqual(given, expected)) {
      return refuse(
        'the sign-in state does not match this link and browser: it was started in another browser, changed, or made for another WeCom integration',
      );
    }
    const expiresAt = DateTime.fromSeconds(parseInt(expiry, 16), {
      zone: 'utc',
    });
    if (expiresAt <= now) {
      return refuse(
        `the sign-in took longer than ${OAUTH_STATE_LIFETIME.as(
          'minutes',
        )} minutes`,
      );
    }
    return { ok: true, state: { ...context, nonce, expiresAt } };
  }

  private mac(
    fields: OAuthStateContext & { nonce: string; expiry: string },
  ): string {
    // JSON keeps the fields apart, whatever characters they hold.
    return createHmac('sha256', this.key)
      .update(
        JSON.stringify([
          'v2',
          fields.integrationId,
          fields.redirectTo,
          fields.browser,
          fields.nonce,
          fields.expiry,
        ]),
      )
      .digest('hex');
  }
}

function refuse(reason: string): OAuthStateCheck {
  return { ok: false, reason };
}

import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { assertUsableWeComSecretsKey } from './secretsKey';

/**
 * The cookie that carries a {@link WeComWorkspaceIdentitySigner} token from
 * the WeCom backend (which sets it after WeCom's OAuth2 named the member) to
 * the `wecom` auth provider (which signs the member in with it).
 *
 * @public
 */
export const WECOM_WORKSPACE_IDENTITY_COOKIE = 'wecom-workspace-identity';

/**
 * How long a workspace identity stays valid: a working day, after which the
 * member opens the app from WeCom again.
 *
 * @public
 */
export const WECOM_WORKSPACE_IDENTITY_LIFETIME_SECONDS = 12 * 60 * 60;

/**
 * A WeCom member as WeCom's OAuth2 confirmed them.
 *
 * @public
 */
export interface WeComWorkspaceIdentity {
  integrationId: string;
  wecomUserId: string;
  expiresAt: Date;
}

/**
 * The outcome of {@link WeComWorkspaceIdentitySigner.verify}: the identity,
 * or why the token is not accepted (safe to show to the member).
 *
 * @public
 */
export type WeComWorkspaceIdentityCheck =
  | { ok: true; identity: WeComWorkspaceIdentity }
  | { ok: false; reason: string };

// Its own HKDF info string, so the key differs from the secret-sealing and
// OAuth-state keys derived from the same `wecom.secretsKey`.
const HKDF_SALT = 'backstage-plugin-wecom';
const HKDF_INFO = 'workspace identity';
const VERSION = 'v1';

/**
 * Signs and verifies workspace identity tokens:
 * `v1.base64url(JSON{i, u, e}).base64url(HMAC-SHA256)`, keyed by HKDF from
 * `wecom.secretsKey`. The WeCom backend issues them; the auth module, which
 * reads the same config value, verifies them.
 *
 * @public
 */
export class WeComWorkspaceIdentitySigner {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  /** Derives the signing key; refuses the keys the backend refuses. */
  static fromSecretsKey(secretsKey: string): WeComWorkspaceIdentitySigner {
    assertUsableWeComSecretsKey(secretsKey);
    return new WeComWorkspaceIdentitySigner(
      Buffer.from(hkdfSync('sha256', secretsKey, HKDF_SALT, HKDF_INFO, 32)),
    );
  }

  sign(
    member: { integrationId: string; wecomUserId: string },
    options: { now?: Date; lifetimeSeconds?: number } = {},
  ): { token: string; expiresAt: Date } {
    const now = options.now ?? new Date();
    const lifetime =
      options.lifetimeSeconds ?? WECOM_WORKSPACE_IDENTITY_LIFETIME_SECONDS;
    const expiresAt = new Date(
      Math.floor(now.getTime() / 1000) * 1000 + lifetime * 1000,
    );
    const payload = Buffer.from(
      JSON.stringify({
        i: member.integrationId,
        u: member.wecomUserId,
        e: Math.floor(expiresAt.getTime() / 1000),
      }),
    ).toString('base64url');
    const signed = `${VERSION}.${payload}`;
    return { token: `${signed}.${this.#mac(signed)}`, expiresAt };
  }

  verify(
    token: string,
    options: { now?: Date } = {},
  ): WeComWorkspaceIdentityCheck {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION) {
      return refuse('the WeCom sign-in token is malformed');
    }
    const signed = `${parts[0]}.${parts[1]}`;
    const expected = Buffer.from(this.#mac(signed), 'base64url');
    const given = Buffer.from(parts[2], 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return refuse(
        'the WeCom sign-in token has a bad signature (was wecom.secretsKey changed?)',
      );
    }
    const claims = parseClaims(parts[1]);
    if (!claims) return refuse('the WeCom sign-in token is malformed');
    const now = options.now ?? new Date();
    if (claims.e * 1000 <= now.getTime()) {
      return refuse('the WeCom sign-in has expired');
    }
    return {
      ok: true,
      identity: {
        integrationId: claims.i,
        wecomUserId: claims.u,
        expiresAt: new Date(claims.e * 1000),
      },
    };
  }

  #mac(signed: string): string {
    return createHmac('sha256', this.#key).update(signed).digest('base64url');
  }
}

function refuse(reason: string): WeComWorkspaceIdentityCheck {
  return { ok: false, reason };
}

/** Reads the claims of a token whose signature already checked out. */
function parseClaims(
  payload: string,
): { i: string; u: string; e: number } | undefined {
  try {
    const value = JSON.parse(Buffer.from(payload, 'base64url').toString());
    if (
      typeof value?.i === 'string' &&
      value.i &&
      typeof value.u === 'string' &&
      value.u &&
      Number.isInteger(value.e)
    ) {
      return { i: value.i, u: value.u, e: value.e };
    }
  } catch {
    // falls through: not JSON
  }
  return undefined;
}

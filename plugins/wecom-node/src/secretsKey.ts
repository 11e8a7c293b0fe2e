/**
 * The `wecom.secretsKey` fallback of this repository's demo configuration
 * (`app-config.yaml`). It is public: with it anyone can sign a WeCom
 * sign-in for any linked user and open sealed secrets.
 */
const PUBLIC_DEMO_SECRETS_KEYS = ['local-development-only-sealing-key-0001'];

/**
 * Refuses a `wecom.secretsKey` that protects nothing: shorter than 32
 * characters, or — when `NODE_ENV` is `production` — the public key of the
 * demo configuration, left in place because `WECOM_SECRETS_KEY` was not set.
 * Like Backstage's guest provider, the demo works in development only.
 *
 * @public
 */
export function assertUsableWeComSecretsKey(secretsKey: string): void {
  if (secretsKey.length < 32) {
    throw new Error(
      'wecom.secretsKey must be at least 32 characters; generate one with `openssl rand -base64 32`',
    );
  }
  if (
    process.env.NODE_ENV === 'production' &&
    PUBLIC_DEMO_SECRETS_KEYS.includes(secretsKey)
  ) {
    throw new Error(
      'wecom.secretsKey is the public example of the demo configuration, which anyone can read: set your own (`openssl rand -base64 32`, e.g. in WECOM_SECRETS_KEY)',
    );
  }
}

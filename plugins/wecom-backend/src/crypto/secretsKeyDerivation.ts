import { hkdfSync } from 'node:crypto';

/**
 * What a key derived from `wecom.secretsKey` is for: the HKDF info string,
 * one per use, so that a key used (or leaked) in one place opens nothing
 * in another. The auth module derives `workspace identity` the same way
 * (`WeComWorkspaceIdentitySigner` in backstage-plugin-wecom-node). Never
 * change one: sealed secrets and signed states would no longer open.
 */
export type SecretsKeyPurpose =
  | 'integration secrets'
  | 'workspace oauth state'
  | 'workspace ticket binding';

/** The 32-byte key for `purpose` (HKDF-SHA256 with the plugin's salt). */
export function deriveFromSecretsKey(
  secretsKey: string,
  purpose: SecretsKeyPurpose,
): Buffer {
  return Buffer.from(
    hkdfSync('sha256', secretsKey, 'backstage-plugin-wecom', purpose, 32),
  );
}

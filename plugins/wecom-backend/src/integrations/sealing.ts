import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { assertUsableWeComSecretsKey } from 'backstage-plugin-wecom-node';
import { deriveFromSecretsKey } from '../crypto/secretsKeyDerivation';

const VERSION = 'v1';

/**
 * Seals secrets at rest with AES-256-GCM. The key comes from the
 * `wecom.secretsKey` config value through HKDF, and each sealed value is
 * bound to its owner (e.g. the integration id) as associated data, so a
 * sealed blob copied to another row does not open.
 */
export class SecretSealer {
  private readonly key: Buffer;

  private constructor(key: Buffer) {
    this.key = key;
  }

  /** Derives the sealing key; refuses short and public passphrases. */
  static fromPassphrase(passphrase: string): SecretSealer {
    assertUsableWeComSecretsKey(passphrase);
    return new SecretSealer(
      deriveFromSecretsKey(passphrase, 'integration secrets'),
    );
  }

  seal(plaintext: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(owner, 'utf8'));
    const body = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    const tag = cipher.getAuthTag();
    return `${VERSION}:${Buffer.concat([iv, tag, body]).toString('base64')}`;
  }

  open(sealed: string, owner: string): string {
    const [version, payload] = sealed.split(':', 2);
    if (version !== VERSION || !payload) {
      throw new Error('Sealed secret has an unknown format');
    }
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.key,
      raw.subarray(0, 12),
    );
    decipher.setAAD(Buffer.from(owner, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([
        decipher.update(raw.subarray(28)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error(
        'Sealed secret cannot be opened: wecom.secretsKey differs from the key it was sealed with',
      );
    }
  }
}

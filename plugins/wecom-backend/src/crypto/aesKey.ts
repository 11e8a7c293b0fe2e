import { WeComCryptoError, WeComCryptoErrorCode } from './errors';

/** The AES-256 key and CBC IV derived from an EncodingAESKey. @internal */
export interface AesKeyMaterial {
  readonly key: Buffer;
  readonly iv: Buffer;
}

// 43 characters of the standard base64 alphabet: WeCom's admin console
// generates keys from letters and digits only, but `+` and `/` are valid too.
const ENCODING_AES_KEY_PATTERN = /^[A-Za-z0-9+/]{43}$/;

/**
 * Derives the AES key (base64 of the EncodingAESKey plus one `=`) and the IV
 * (its first 16 bytes).
 *
 * @remarks
 * The 43rd character carries 2 bits that are dropped; WeCom's own keys set
 * them (the official test key ends in `C`), so they must not be required to
 * be zero.
 *
 * @internal
 */
export function parseEncodingAESKey(encodingAESKey: string): AesKeyMaterial {
  if (
    typeof encodingAESKey !== 'string' ||
    !ENCODING_AES_KEY_PATTERN.test(encodingAESKey)
  ) {
    throw new WeComCryptoError(
      WeComCryptoErrorCode.IllegalAesKey,
      'EncodingAESKey must be exactly 43 characters of the base64 alphabet',
    );
  }
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) {
    throw new WeComCryptoError(
      WeComCryptoErrorCode.IllegalAesKey,
      'EncodingAESKey must decode to 32 bytes',
    );
  }
  return { key, iv: key.subarray(0, 16) };
}

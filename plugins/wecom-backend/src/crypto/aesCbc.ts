import { createCipheriv, createDecipheriv } from 'node:crypto';
import { WeComCryptoError, WeComCryptoErrorCode } from './errors';
import type { AesKeyMaterial } from './aesKey';

const AES_BLOCK_SIZE = 16;

/**
 * WeCom pads to multiples of 32 bytes (PKCS#7 with block size 32), not to
 * AES's 16, which is why Node's built-in padding is switched off.
 */
export const WECOM_PADDING_BLOCK_SIZE = 32;

/** How many PKCS#7 bytes (1..32) follow `dataLength` bytes. @internal */
export function paddingLengthFor(dataLength: number): number {
  return WECOM_PADDING_BLOCK_SIZE - (dataLength % WECOM_PADDING_BLOCK_SIZE);
}

function badPadding(): WeComCryptoError {
  return new WeComCryptoError(
    WeComCryptoErrorCode.DecryptAESError,
    'decrypted data has invalid padding',
  );
}

/**
 * Checks strict PKCS#7 padding (block 32) and returns the length of the data
 * before it.
 *
 * @remarks
 * Not constant time: a padding oracle needs many decryptions of forged
 * ciphertexts, and the callback paths verify the signature (which needs the
 * token) before they decrypt anything.
 *
 * @internal
 */
export function unpaddedLength(plain: Buffer): number {
  const length = plain.length;
  if (length === 0) throw badPadding();
  const pad = plain[length - 1];
  if (pad < 1 || pad > WECOM_PADDING_BLOCK_SIZE || pad > length) {
    throw badPadding();
  }
  for (let i = length - pad; i < length - 1; i++) {
    if (plain[i] !== pad) throw badPadding();
  }
  return length - pad;
}

/**
 * AES-256-CBC encryption of data that is already padded to a multiple of 32.
 *
 * @internal
 */
export function aesCbcEncrypt(
  { key, iv }: AesKeyMaterial,
  padded: Buffer,
): Buffer {
  try {
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    cipher.setAutoPadding(false);
    return joinOutput(cipher.update(padded), cipher.final());
  } catch {
    throw new WeComCryptoError(
      WeComCryptoErrorCode.EncryptAESError,
      'AES encryption failed',
    );
  }
}

/**
 * AES-256-CBC decryption without unpadding; the caller checks the padding.
 *
 * @internal
 */
export function aesCbcDecrypt(
  { key, iv }: AesKeyMaterial,
  ciphertext: Uint8Array,
): Buffer {
  if (ciphertext.length === 0 || ciphertext.length % AES_BLOCK_SIZE !== 0) {
    throw new WeComCryptoError(
      WeComCryptoErrorCode.DecryptAESError,
      'ciphertext length must be a positive multiple of 16 bytes',
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    decipher.setAutoPadding(false);
    return joinOutput(decipher.update(ciphertext), decipher.final());
  } catch {
    throw new WeComCryptoError(
      WeComCryptoErrorCode.DecryptAESError,
      'AES decryption failed',
    );
  }
}

// Without auto padding, block-aligned input comes out of update() whole and
// final() is empty: skip the concat copy in that (usual) case.
function joinOutput(head: Buffer, tail: Buffer): Buffer {
  return tail.length === 0 ? head : Buffer.concat([head, tail]);
}

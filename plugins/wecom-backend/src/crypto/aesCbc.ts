import {
  Cipheriv,
  Decipheriv,
  createCipheriv,
  createDecipheriv,
} from 'node:crypto';
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

/**
 * AES-256-CBC for many messages under one key and IV, keeping OpenSSL's
 * cipher and decipher between messages.
 *
 * @remarks
 * Creating a cipher costs more than the AES work on a callback of a few
 * hundred bytes (about half of decrypt + verify at 200 B). A kept context
 * chains a new message to the last ciphertext block of the previous one
 * instead of to the IV; since CBC only ever XORs that value into the first
 * block, XOR-ing the first block with (previous block ⊕ IV) gives exactly
 * what a fresh context would. The input must be a positive multiple of 16
 * bytes (no padding is added or removed), so every call ends on a block
 * boundary and nothing is left inside OpenSSL between calls.
 *
 * @internal
 */
export class AesCbcContext {
  readonly #key: Buffer;
  readonly #iv: Buffer;
  #cipher: Cipheriv | undefined;
  #decipher: Decipheriv | undefined;
  // The value each context will XOR into the next message's first block.
  readonly #cipherChain = Buffer.alloc(AES_BLOCK_SIZE);
  readonly #decipherChain = Buffer.alloc(AES_BLOCK_SIZE);

  constructor({ key, iv }: AesKeyMaterial) {
    this.#key = key;
    this.#iv = iv;
  }

  /**
   * Encrypts data already padded to a multiple of 32. Overwrites the first
   * block of `padded`, which the caller must own.
   */
  encrypt(padded: Buffer): Buffer {
    if (padded.length === 0 || padded.length % AES_BLOCK_SIZE !== 0) {
      throw new WeComCryptoError(
        WeComCryptoErrorCode.EncryptAESError,
        'plaintext length must be a positive multiple of 16 bytes',
      );
    }
    try {
      if (!this.#cipher) {
        this.#cipher = createCipheriv('aes-256-cbc', this.#key, this.#iv);
        this.#cipher.setAutoPadding(false);
        this.#iv.copy(this.#cipherChain);
      }
      xorFirstBlock(padded, this.#cipherChain, this.#iv);
      const out = this.#cipher.update(padded);
      if (out.length !== padded.length) throw new Error('short output');
      out.copy(this.#cipherChain, 0, out.length - AES_BLOCK_SIZE);
      return out;
    } catch {
      this.#cipher = undefined; // start afresh rather than trust its state
      throw new WeComCryptoError(
        WeComCryptoErrorCode.EncryptAESError,
        'AES encryption failed',
      );
    }
  }

  /** Decrypts without unpadding; the caller checks the padding. */
  decrypt(ciphertext: Uint8Array): Buffer {
    if (ciphertext.length === 0 || ciphertext.length % AES_BLOCK_SIZE !== 0) {
      throw new WeComCryptoError(
        WeComCryptoErrorCode.DecryptAESError,
        'ciphertext length must be a positive multiple of 16 bytes',
      );
    }
    try {
      if (!this.#decipher) {
        this.#decipher = createDecipheriv('aes-256-cbc', this.#key, this.#iv);
        this.#decipher.setAutoPadding(false);
        this.#iv.copy(this.#decipherChain);
      }
      const out = this.#decipher.update(ciphertext);
      if (out.length !== ciphertext.length) throw new Error('short output');
      xorFirstBlock(out, this.#decipherChain, this.#iv);
      this.#decipherChain.set(
        ciphertext.subarray(ciphertext.length - AES_BLOCK_SIZE),
      );
      return out;
    } catch {
      this.#decipher = undefined;
      throw new WeComCryptoError(
        WeComCryptoErrorCode.DecryptAESError,
        'AES decryption failed',
      );
    }
  }
}

/** `data[0..16] ^= chain ^ iv`: re-chains a block from `chain` to the IV. */
function xorFirstBlock(data: Uint8Array, chain: Buffer, iv: Buffer) {
  for (let i = 0; i < AES_BLOCK_SIZE; i++) data[i] ^= chain[i] ^ iv[i];
}

// Without auto padding, block-aligned input comes out of update() whole and
// final() is empty: skip the concat copy in that (usual) case.
function joinOutput(head: Buffer, tail: Buffer): Buffer {
  return tail.length === 0 ? head : Buffer.concat([head, tail]);
}

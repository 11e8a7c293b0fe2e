import { WeComCryptoError, WeComCryptoErrorCode } from './errors';

function invalidBase64(): WeComCryptoError {
  return new WeComCryptoError(
    WeComCryptoErrorCode.DecodeBase64Error,
    'ciphertext is not canonical base64',
  );
}

/**
 * Decodes standard, padded, canonical base64 and refuses anything else.
 *
 * @remarks
 * Written by hand because Node's decoder is lenient (it skips unknown
 * characters, stops at an inner `=`, accepts the URL-safe alphabet and keeps
 * only the low byte of non-ASCII characters) and Node 22 has no strict
 * decoder. A regular expression over the whole input costs ~20x the AES work
 * on a 20 KiB message, so the checks are arranged around one lenient decode:
 * with ASCII-only input and no URL-safe characters, every character Node
 * would skip or stop at makes the output shorter than the exact length a
 * canonical string must decode to; re-encoding the last quartet then rejects
 * non-zero padding bits.
 *
 * @internal
 */
export function decodeBase64Strict(text: string): Buffer {
  const length = text.length;
  if (length % 4 !== 0) throw invalidBase64();
  if (length === 0) return Buffer.alloc(0);

  if (Buffer.byteLength(text, 'utf8') !== length) throw invalidBase64();
  if (text.includes('-') || text.includes('_')) throw invalidBase64();

  const EQUALS = 0x3d;
  let padding = 0;
  if (text.charCodeAt(length - 1) === EQUALS) {
    padding = text.charCodeAt(length - 2) === EQUALS ? 2 : 1;
  }

  const decoded = Buffer.from(text, 'base64');
  if (decoded.length !== (length / 4) * 3 - padding) throw invalidBase64();

  const lastQuartetBytes = 3 - padding;
  const lastQuartet = decoded.toString(
    'base64',
    decoded.length - lastQuartetBytes,
  );
  if (!text.endsWith(lastQuartet)) throw invalidBase64();

  return decoded;
}

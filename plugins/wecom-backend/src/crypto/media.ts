import {
  aesCbcDecrypt,
  aesCbcEncrypt,
  paddingLengthFor,
  unpaddedLength,
} from './aesCbc';
import { parseEncodingAESKey } from './aesKey';
import {
  WeComCryptoError,
  WeComCryptoErrorCode,
  WeComCryptoErrorCodeValue,
} from './errors';

function assertBytes(data: unknown, code: WeComCryptoErrorCodeValue) {
  if (!(data instanceof Uint8Array)) {
    throw new WeComCryptoError(code, 'media data must be a Buffer');
  }
}

/**
 * Decrypts the bytes of a smart bot image or file download.
 *
 * @remarks
 * AES-256-CBC with the key from the EncodingAESKey and IV = its first 16
 * bytes, PKCS#7 padding to 32 bytes, and no framing (no random prefix, length
 * or receiveId). The padding is checked strictly.
 *
 * @returns a view into the decrypted buffer, without the padding.
 * @throws WeComCryptoError -40004 (bad key), -40007 (bad length or padding).
 * @public
 */
export function decryptMedia(encodingAESKey: string, data: Buffer): Buffer {
  const aes = parseEncodingAESKey(encodingAESKey);
  assertBytes(data, WeComCryptoErrorCode.DecryptAESError);
  const plain = aesCbcDecrypt(aes, data);
  return plain.subarray(0, unpaddedLength(plain));
}

/**
 * Encrypts bytes the way WeCom encrypts smart bot media: the inverse of
 * {@link decryptMedia}. Used by tests and emulator-side tooling.
 *
 * @public
 */
export function encryptMedia(encodingAESKey: string, data: Buffer): Buffer {
  const aes = parseEncodingAESKey(encodingAESKey);
  assertBytes(data, WeComCryptoErrorCode.EncryptAESError);
  const pad = paddingLengthFor(data.length);
  const padded = Buffer.allocUnsafe(data.length + pad);
  padded.set(data, 0);
  padded.fill(pad, data.length);
  return aesCbcEncrypt(aes, padded);
}

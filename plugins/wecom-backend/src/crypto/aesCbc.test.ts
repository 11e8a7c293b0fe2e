import fc from 'fast-check';
import { AesCbcContext, aesCbcDecrypt, aesCbcEncrypt } from './aesCbc';
import { parseEncodingAESKey } from './aesKey';
import { WeComCryptoErrorCode } from './errors';
import {
  OFFICIAL_VECTOR,
  arbitraryEncodingAESKey,
  codeOf,
} from './__testUtils__/cryptoTestUtils';

// Whole blocks of 16 bytes, as WeCom's frames always are.
const arbitraryBlocks = fc
  .integer({ min: 1, max: 8 })
  .chain(blocks =>
    fc.uint8Array({ minLength: blocks * 16, maxLength: blocks * 16 }),
  );

describe('AesCbcContext', () => {
  it('gives every message of a sequence exactly what a fresh cipher gives', () => {
    fc.assert(
      fc.property(
        arbitraryEncodingAESKey,
        fc.array(fc.tuple(fc.boolean(), arbitraryBlocks), {
          minLength: 2,
          maxLength: 12,
        }),
        (encodingAESKey, steps) => {
          const aes = parseEncodingAESKey(encodingAESKey);
          const context = new AesCbcContext(aes);
          // Encryptions and decryptions interleaved on one kept context.
          for (const [encrypting, bytes] of steps) {
            const data = Buffer.from(bytes);
            const [actual, expected] = encrypting
              ? [
                  context.encrypt(Buffer.from(data)),
                  aesCbcEncrypt(aes, Buffer.from(data)),
                ]
              : [context.decrypt(data), aesCbcDecrypt(aes, data)];
            expect(actual).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('decrypts the official test vector after other messages', () => {
    const aes = parseEncodingAESKey(OFFICIAL_VECTOR.encodingAESKey);
    const context = new AesCbcContext(aes);
    const ciphertext = Buffer.from(OFFICIAL_VECTOR.echostr, 'base64');
    context.decrypt(Buffer.alloc(64, 7));
    context.encrypt(Buffer.alloc(32, 9));
    const plain = context.decrypt(ciphertext);
    expect(plain).toEqual(aesCbcDecrypt(aes, ciphertext));
    expect(plain.toString('utf8', 20, 20 + plain.readUInt32BE(16))).toBe(
      OFFICIAL_VECTOR.message,
    );
  });

  it('refuses input that is not whole blocks and stays exact afterwards', () => {
    const aes = parseEncodingAESKey(OFFICIAL_VECTOR.encodingAESKey);
    const context = new AesCbcContext(aes);
    const block = Buffer.alloc(32, 1);
    for (const length of [0, 15, 33]) {
      expect(codeOf(() => context.decrypt(Buffer.alloc(length)))).toBe(
        WeComCryptoErrorCode.DecryptAESError,
      );
      expect(codeOf(() => context.encrypt(Buffer.alloc(length)))).toBe(
        WeComCryptoErrorCode.EncryptAESError,
      );
    }
    expect(context.decrypt(block)).toEqual(aesCbcDecrypt(aes, block));
    expect(context.encrypt(Buffer.from(block))).toEqual(
      aesCbcEncrypt(aes, Buffer.from(block)),
    );
  });
});

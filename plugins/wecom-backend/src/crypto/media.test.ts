import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { WeComCryptoErrorCode } from './errors';
import { decryptMedia, encryptMedia } from './media';
import {
  OFFICIAL_VECTOR,
  arbitraryEncodingAESKey,
  codeOf,
  keyAndIv,
  pad32,
  rawEncrypt,
  outcomeOf,
} from './__testUtils__/cryptoTestUtils';

const key = OFFICIAL_VECTOR.encodingAESKey;
const arbitraryBytes = fc
  .uint8Array({ maxLength: 2000 })
  .map(b => Buffer.from(b));

describe('smart bot media crypto', () => {
  it('round-trips any bytes with any key', () => {
    fc.assert(
      fc.property(
        arbitraryEncodingAESKey,
        arbitraryBytes,
        (encodingAESKey, data) => {
          const encrypted = encryptMedia(encodingAESKey, data);
          expect(encrypted.length % 32).toBe(0);
          expect(encrypted.length).toBeGreaterThan(data.length);
          expect(decryptMedia(encodingAESKey, encrypted).equals(data)).toBe(
            true,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('decrypts media encrypted independently with node:crypto', () => {
    fc.assert(
      fc.property(
        arbitraryEncodingAESKey,
        arbitraryBytes,
        (encodingAESKey, data) => {
          // The WeCom scheme spelled out: PKCS#7 to 32 bytes, then AES-256-CBC
          // with IV = the first 16 key bytes.
          const { key: aesKey, iv } = keyAndIv(encodingAESKey);
          const cipher = createCipheriv('aes-256-cbc', aesKey, iv);
          cipher.setAutoPadding(false);
          const encrypted = Buffer.concat([
            cipher.update(pad32(data)),
            cipher.final(),
          ]);
          expect(decryptMedia(encodingAESKey, encrypted).equals(data)).toBe(
            true,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('handles an image-sized payload', () => {
    const image = Buffer.alloc(300 * 1024, 0xab);
    expect(decryptMedia(key, encryptMedia(key, image)).equals(image)).toBe(
      true,
    );
  });

  it.each([
    ['a pad byte of 0', Buffer.concat([Buffer.alloc(31, 1), Buffer.from([0])])],
    ['a pad byte of 33', Buffer.alloc(64, 33)],
    [
      'unequal pad bytes',
      Buffer.concat([Buffer.alloc(29, 1), Buffer.from([3, 2, 3])]),
    ],
    ['a pad longer than the data', Buffer.alloc(16, 32)],
  ])('refuses %s', (_, plain) => {
    expect(codeOf(() => decryptMedia(key, rawEncrypt(key, plain)))).toBe(
      WeComCryptoErrorCode.DecryptAESError,
    );
  });

  it('refuses data whose length is not a positive multiple of 16', () => {
    for (const length of [0, 1, 15, 17, 33]) {
      expect(codeOf(() => decryptMedia(key, Buffer.alloc(length)))).toBe(
        WeComCryptoErrorCode.DecryptAESError,
      );
    }
  });

  it('refuses a bad key', () => {
    expect(codeOf(() => decryptMedia('short', Buffer.alloc(32)))).toBe(
      WeComCryptoErrorCode.IllegalAesKey,
    );
    expect(codeOf(() => encryptMedia('short', Buffer.alloc(32)))).toBe(
      WeComCryptoErrorCode.IllegalAesKey,
    );
  });

  it('refuses something that is not bytes', () => {
    expect(codeOf(() => decryptMedia(key, 'abc' as unknown as Buffer))).toBe(
      WeComCryptoErrorCode.DecryptAESError,
    );
  });

  it('fails only with typed errors when encrypted bytes change', () => {
    fc.assert(
      fc.property(
        arbitraryBytes,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (data, position, mask) => {
          const encrypted = encryptMedia(key, data);
          encrypted[position % encrypted.length] ^= mask;
          expect(['ok', WeComCryptoErrorCode.DecryptAESError]).toContain(
            outcomeOf(() => decryptMedia(key, encrypted)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

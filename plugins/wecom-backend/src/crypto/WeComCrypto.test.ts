import { inspect } from 'node:util';
import * as wecom from '@wecom/crypto';
import fc from 'fast-check';
import { Settings } from 'luxon';
import { WeComCrypto } from './WeComCrypto';
import { WeComCryptoError, WeComCryptoErrorCode } from './errors';
import {
  OFFICIAL_VECTOR,
  arbitraryEncodingAESKey,
  arbitraryLargeMessage,
  arbitraryMessage,
  arbitraryNonce,
  arbitraryRandom16,
  arbitraryReceiveId,
  arbitraryTimestamp,
  arbitraryToken,
  codeOf,
} from './__testUtils__/cryptoTestUtils';

const officialCrypto = () =>
  new WeComCrypto({
    token: OFFICIAL_VECTOR.token,
    encodingAESKey: OFFICIAL_VECTOR.encodingAESKey,
    receiveId: OFFICIAL_VECTOR.receiveId,
  });

describe('WeComCrypto with the official test vector', () => {
  const { timestamp, nonce, echostr, msgSignature, message } = OFFICIAL_VECTOR;

  it('computes the official signature', () => {
    expect(officialCrypto().signature(timestamp, nonce, echostr)).toBe(
      msgSignature,
    );
  });

  it('verifies the URL the way WeCom expects', () => {
    expect(
      officialCrypto().decryptAndVerify(
        msgSignature,
        timestamp,
        nonce,
        echostr,
      ),
    ).toBe(message);
  });

  it('decrypts the echostr to the message and the receiveId', () => {
    expect(officialCrypto().decrypt(echostr)).toEqual({
      message,
      receiveId: OFFICIAL_VECTOR.receiveId,
    });
  });

  it('refuses the vector for another receiveId, such as the smart bot', () => {
    const bot = new WeComCrypto({
      token: OFFICIAL_VECTOR.token,
      encodingAESKey: OFFICIAL_VECTOR.encodingAESKey,
      receiveId: '',
    });
    expect(
      codeOf(() =>
        bot.decryptAndVerify(msgSignature, timestamp, nonce, echostr),
      ),
    ).toBe(WeComCryptoErrorCode.ValidateCorpidError);
  });

  it('refuses a signature in upper case or with another timestamp', () => {
    const crypto = officialCrypto();
    expect(
      codeOf(() =>
        crypto.decryptAndVerify(
          msgSignature.toUpperCase(),
          timestamp,
          nonce,
          echostr,
        ),
      ),
    ).toBe(WeComCryptoErrorCode.ValidateSignatureError);
    expect(
      codeOf(() =>
        crypto.decryptAndVerify(msgSignature, '1409659590', nonce, echostr),
      ),
    ).toBe(WeComCryptoErrorCode.ValidateSignatureError);
  });
});

describe('WeComCrypto construction', () => {
  const valid = {
    token: 'token',
    encodingAESKey: OFFICIAL_VECTOR.encodingAESKey,
    receiveId: 'ww1',
  };

  it.each([
    ['42 characters', OFFICIAL_VECTOR.encodingAESKey.slice(1)],
    ['44 characters', `${OFFICIAL_VECTOR.encodingAESKey}A`],
    ['a padding character', `${OFFICIAL_VECTOR.encodingAESKey.slice(1)}=`],
    ['URL-safe base64', `-${OFFICIAL_VECTOR.encodingAESKey.slice(1)}`],
    ['a space', ` ${OFFICIAL_VECTOR.encodingAESKey.slice(1)}`],
    ['a non-ASCII letter', `ń${OFFICIAL_VECTOR.encodingAESKey.slice(1)}`],
    ['nothing', ''],
  ])('refuses an EncodingAESKey with %s', (_, encodingAESKey) => {
    expect(codeOf(() => new WeComCrypto({ ...valid, encodingAESKey }))).toBe(
      WeComCryptoErrorCode.IllegalAesKey,
    );
  });

  it('refuses an empty token', () => {
    expect(codeOf(() => new WeComCrypto({ ...valid, token: '' }))).toBe(
      WeComCryptoErrorCode.ComputeSignatureError,
    );
  });

  it('refuses a missing receiveId (the smart bot uses the empty string)', () => {
    expect(
      codeOf(
        () =>
          new WeComCrypto({
            ...valid,
            receiveId: undefined as unknown as string,
          }),
      ),
    ).toBe(WeComCryptoErrorCode.ValidateCorpidError);
    expect(() => new WeComCrypto({ ...valid, receiveId: '' })).not.toThrow();
  });

  it('never puts the key or token in errors, inspection or JSON', () => {
    const secretKey = `${OFFICIAL_VECTOR.encodingAESKey.slice(0, 42)}!`;
    let error: unknown;
    try {
      new WeComCrypto({ ...valid, encodingAESKey: secretKey }); // eslint-disable-line no-new
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeComCryptoError);
    expect(error).toMatchObject({ name: 'WeComCryptoError', code: -40004 });
    expect(String((error as Error).message)).not.toContain(secretKey);
    expect(inspect(error)).not.toContain(secretKey);

    const crypto = new WeComCrypto({ ...valid, token: 'very-secret-token' });
    const shown =
      inspect(crypto, { showHidden: true, depth: 5 }) + JSON.stringify(crypto);
    expect(shown).not.toContain('very-secret-token');
    expect(shown).not.toContain(valid.encodingAESKey);
  });
});

describe('WeComCrypto encryption', () => {
  afterEach(() => {
    Settings.now = () => Date.now();
  });

  it('defaults the timestamp to now in unix seconds and the nonce to 10 digits', () => {
    Settings.now = () => Date.UTC(2025, 0, 2, 3, 4, 5, 678);
    const signed = officialCrypto().encryptAndSign('hello');
    expect(signed.timestamp).toBe(String(Date.UTC(2025, 0, 2, 3, 4, 5) / 1000));
    expect(signed.nonce).toMatch(/^[1-9]\d{9}$/);
    expect(
      officialCrypto().decryptAndVerify(
        signed.signature,
        signed.timestamp,
        signed.nonce,
        signed.encrypt,
      ),
    ).toBe('hello');
  });

  it('uses a fresh random prefix and nonce every time', () => {
    const crypto = officialCrypto();
    const first = crypto.encryptAndSign('same message');
    const second = crypto.encryptAndSign('same message');
    expect(first.encrypt).not.toBe(second.encrypt);
    expect(first.nonce).not.toBe(second.nonce);
  });

  it('keeps a given timestamp and nonce', () => {
    const signed = officialCrypto().encryptAndSign('x', '1700000000', 'abc');
    expect(signed).toMatchObject({ timestamp: '1700000000', nonce: 'abc' });
    expect(signed.signature).toBe(
      wecom.getSignature(
        OFFICIAL_VECTOR.token,
        '1700000000',
        'abc',
        signed.encrypt,
      ),
    );
  });

  it('refuses a random prefix that is not 16 bytes', () => {
    expect(codeOf(() => officialCrypto().encrypt('x', Buffer.alloc(15)))).toBe(
      WeComCryptoErrorCode.EncryptAESError,
    );
  });

  it('round-trips the empty message and 20 KiB of Chinese text', () => {
    const crypto = officialCrypto();
    const large = '企业微信事件'.repeat(1140); // 20,520 bytes of UTF-8
    for (const message of ['', large]) {
      const signed = crypto.encryptAndSign(message);
      expect(
        crypto.decryptAndVerify(
          signed.signature,
          signed.timestamp,
          signed.nonce,
          signed.encrypt,
        ),
      ).toBe(message);
    }
  });
});

describe('WeComCrypto against @wecom/crypto', () => {
  const setup = fc.record({
    token: arbitraryToken,
    encodingAESKey: arbitraryEncodingAESKey,
    receiveId: arbitraryReceiveId,
  });

  it('computes the same signatures', () => {
    fc.assert(
      fc.property(
        setup,
        arbitraryTimestamp,
        arbitraryNonce,
        fc.string({ maxLength: 200 }),
        (options, timestamp, nonce, encrypt) => {
          expect(
            new WeComCrypto(options).signature(timestamp, nonce, encrypt),
          ).toBe(wecom.getSignature(options.token, timestamp, nonce, encrypt));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('produces the same ciphertext for the same random prefix', () => {
    fc.assert(
      fc.property(
        setup,
        arbitraryMessage,
        arbitraryRandom16,
        (options, message, random) => {
          expect(new WeComCrypto(options).encrypt(message, random)).toBe(
            wecom.encrypt(
              options.encodingAESKey,
              message,
              options.receiveId,
              random,
            ),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decrypts what @wecom/crypto encrypts and signs', () => {
    fc.assert(
      fc.property(
        setup,
        arbitraryMessage,
        arbitraryTimestamp,
        arbitraryNonce,
        (options, message, timestamp, nonce) => {
          const encrypt = wecom.encrypt(
            options.encodingAESKey,
            message,
            options.receiveId,
          );
          const signature = wecom.getSignature(
            options.token,
            timestamp,
            nonce,
            encrypt,
          );
          expect(
            new WeComCrypto(options).decryptAndVerify(
              signature,
              timestamp,
              nonce,
              encrypt,
            ),
          ).toBe(message);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('encrypts what @wecom/crypto decrypts', () => {
    fc.assert(
      fc.property(setup, arbitraryMessage, (options, message) => {
        const signed = new WeComCrypto(options).encryptAndSign(message);
        expect(
          wecom.getSignature(
            options.token,
            signed.timestamp,
            signed.nonce,
            signed.encrypt,
          ),
        ).toBe(signed.signature);
        const decrypted = wecom.decrypt(options.encodingAESKey, signed.encrypt);
        expect(decrypted.message).toBe(message);
        expect(decrypted.id).toBe(options.receiveId);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on ~20 KiB messages in both directions', () => {
    fc.assert(
      fc.property(setup, arbitraryLargeMessage, (options, message) => {
        const crypto = new WeComCrypto(options);
        expect(
          wecom.decrypt(options.encodingAESKey, crypto.encrypt(message))
            .message,
        ).toBe(message);
        const theirs = wecom.encrypt(
          options.encodingAESKey,
          message,
          options.receiveId,
        );
        expect(crypto.decrypt(theirs)).toEqual({
          message,
          receiveId: options.receiveId,
        });
      }),
      { numRuns: 30 },
    );
  });
});

import fc from 'fast-check';
import { WeComCrypto } from './WeComCrypto';
import { WeComCryptoErrorCode } from './errors';
import {
  arbitraryEncodingAESKey,
  arbitraryMessage,
  arbitraryNonce,
  arbitraryReceiveId,
  arbitraryTimestamp,
  arbitraryToken,
  codeOf,
  frame,
  pad32,
  rawEncrypt,
  replaceAt,
  outcomeOf,
} from './__testUtils__/cryptoTestUtils';

const {
  ValidateSignatureError,
  ValidateCorpidError,
  DecryptAESError,
  IllegalBuffer,
  DecodeBase64Error,
} = WeComCryptoErrorCode;

const RUNS = { numRuns: 300 };

/** A receiver and one genuine signed message for it. */
const arbitrarySignedMessage = fc
  .record({
    token: arbitraryToken,
    encodingAESKey: arbitraryEncodingAESKey,
    receiveId: arbitraryReceiveId,
    message: arbitraryMessage,
    timestamp: arbitraryTimestamp,
    nonce: arbitraryNonce,
  })
  .map(({ message, timestamp, nonce, ...options }) => {
    const crypto = new WeComCrypto(options);
    return {
      crypto,
      options,
      ...crypto.encryptAndSign(message, timestamp, nonce),
    };
  });

/** Any printable ASCII character, base64 or not. */
const arbitraryCharacter = fc.string({
  unit: 'grapheme-ascii',
  minLength: 1,
  maxLength: 1,
});

describe('tampering without the token', () => {
  it('detects any changed character of the ciphertext', () => {
    fc.assert(
      fc.property(
        arbitrarySignedMessage,
        fc.nat(),
        arbitraryCharacter,
        (signed, position, character) => {
          const index = position % signed.encrypt.length;
          fc.pre(signed.encrypt[index] !== character);
          const tampered = replaceAt(signed.encrypt, index, character);
          expect(
            codeOf(() =>
              signed.crypto.decryptAndVerify(
                signed.signature,
                signed.timestamp,
                signed.nonce,
                tampered,
              ),
            ),
          ).toBe(ValidateSignatureError);
        },
      ),
      RUNS,
    );
  });

  it('detects any flipped bit of the ciphertext bytes', () => {
    fc.assert(
      fc.property(
        arbitrarySignedMessage,
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (signed, position, bit) => {
          const bytes = Buffer.from(signed.encrypt, 'base64');
          bytes[position % bytes.length] ^= 1 << bit;
          expect(
            codeOf(() =>
              signed.crypto.decryptAndVerify(
                signed.signature,
                signed.timestamp,
                signed.nonce,
                bytes.toString('base64'),
              ),
            ),
          ).toBe(ValidateSignatureError);
        },
      ),
      RUNS,
    );
  });

  it('detects any changed, missing or extra character of the signature', () => {
    const arbitraryEdit = fc.oneof(
      fc.record({
        kind: fc.constant('replace'),
        character: arbitraryCharacter,
      }),
      fc.record({ kind: fc.constant('delete') }),
      fc.record({ kind: fc.constant('insert'), character: arbitraryCharacter }),
    );
    fc.assert(
      fc.property(
        arbitrarySignedMessage,
        fc.nat(),
        arbitraryEdit,
        (signed, position, edit) => {
          const index = position % signed.signature.length;
          let tampered: string;
          if (edit.kind === 'replace') {
            fc.pre(signed.signature[index] !== edit.character);
            tampered = replaceAt(signed.signature, index, edit.character);
          } else if (edit.kind === 'delete') {
            tampered = replaceAt(signed.signature, index, '');
          } else {
            tampered =
              signed.signature.slice(0, index) +
              edit.character +
              signed.signature.slice(index);
          }
          expect(
            codeOf(() =>
              signed.crypto.decryptAndVerify(
                tampered,
                signed.timestamp,
                signed.nonce,
                signed.encrypt,
              ),
            ),
          ).toBe(ValidateSignatureError);
        },
      ),
      RUNS,
    );
  });

  it('detects a changed timestamp or nonce', () => {
    fc.assert(
      fc.property(
        arbitrarySignedMessage,
        arbitraryTimestamp,
        arbitraryNonce,
        fc.boolean(),
        (signed, otherTimestamp, otherNonce, changeTimestamp) => {
          const timestamp = changeTimestamp ? otherTimestamp : signed.timestamp;
          const nonce = changeTimestamp ? signed.nonce : otherNonce;
          fc.pre(timestamp !== signed.timestamp || nonce !== signed.nonce);
          expect(
            codeOf(() =>
              signed.crypto.decryptAndVerify(
                signed.signature,
                timestamp,
                nonce,
                signed.encrypt,
              ),
            ),
          ).toBe(ValidateSignatureError);
        },
      ),
      RUNS,
    );
  });

  it('refuses a truncated ciphertext', () => {
    fc.assert(
      fc.property(arbitrarySignedMessage, fc.nat(), (signed, cut) => {
        const truncated = signed.encrypt.slice(0, cut % signed.encrypt.length);
        expect(
          codeOf(() =>
            signed.crypto.decryptAndVerify(
              signed.signature,
              signed.timestamp,
              signed.nonce,
              truncated,
            ),
          ),
        ).toBe(ValidateSignatureError);
      }),
      RUNS,
    );
  });

  it('refuses a message meant for another receiver with the same secrets', () => {
    fc.assert(
      fc.property(
        arbitrarySignedMessage,
        arbitraryReceiveId,
        (signed, otherReceiveId) => {
          fc.pre(otherReceiveId !== signed.options.receiveId);
          const other = new WeComCrypto({
            ...signed.options,
            receiveId: otherReceiveId,
          });
          expect(
            codeOf(() =>
              other.decryptAndVerify(
                signed.signature,
                signed.timestamp,
                signed.nonce,
                signed.encrypt,
              ),
            ),
          ).toBe(ValidateCorpidError);
        },
      ),
      RUNS,
    );
  });
});

describe('tampering by someone who knows the token', () => {
  // A valid signature over a forged ciphertext: only the strict decryption
  // stands between the forgery and the caller.
  const resign = (
    signed: { crypto: WeComCrypto; timestamp: string; nonce: string },
    encrypt: string,
  ) => signed.crypto.signature(signed.timestamp, signed.nonce, encrypt);

  it('never fails with anything but a typed error when ciphertext bytes change', () => {
    fc.assert(
      fc.property(
        arbitrarySignedMessage,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (signed, position, mask) => {
          const bytes = Buffer.from(signed.encrypt, 'base64');
          bytes[position % bytes.length] ^= mask;
          const forged = bytes.toString('base64');
          const outcome = outcomeOf(() =>
            signed.crypto.decryptAndVerify(
              resign(signed, forged),
              signed.timestamp,
              signed.nonce,
              forged,
            ),
          );
          // CBC without a MAC can let a change in the middle through ('ok');
          // otherwise the frame's receiveId or padding must give it away.
          expect([
            'ok',
            ValidateCorpidError,
            DecryptAESError,
            IllegalBuffer,
          ]).toContain(outcome);
        },
      ),
      RUNS,
    );
  });

  it('refuses truncated ciphertext bytes', () => {
    fc.assert(
      fc.property(arbitrarySignedMessage, fc.nat(), (signed, cut) => {
        const bytes = Buffer.from(signed.encrypt, 'base64');
        const length = cut % bytes.length;
        const forged = bytes.subarray(0, length).toString('base64');
        const outcome = outcomeOf(() =>
          signed.crypto.decryptAndVerify(
            resign(signed, forged),
            signed.timestamp,
            signed.nonce,
            forged,
          ),
        );
        // Whole blocks cut off leave a frame whose padding, length field or
        // receiveId no longer adds up; a partial block cannot be decrypted.
        const expected =
          length % 16 === 0 && length > 0
            ? [ValidateCorpidError, DecryptAESError, IllegalBuffer]
            : [DecryptAESError];
        expect(expected).toContain(outcome);
      }),
      RUNS,
    );
  });

  it('refuses characters outside standard base64 before decrypting', () => {
    fc.assert(
      fc.property(
        arbitrarySignedMessage,
        // 'Ł' is U+0141: a lenient decoder keeps its low byte, 'A'.
        fc.constantFrom(' ', '\n', '-', '_', '!', '.', 'ń', 'Ł', '中'),
        fc.nat(),
        (signed, junk, position) => {
          const index = position % signed.encrypt.length;
          const forged = replaceAt(signed.encrypt, index, junk);
          expect(
            codeOf(() =>
              signed.crypto.decryptAndVerify(
                resign(signed, forged),
                signed.timestamp,
                signed.nonce,
                forged,
              ),
            ),
          ).toBe(DecodeBase64Error);
        },
      ),
      RUNS,
    );
  });
});

describe('handcrafted frames', () => {
  const options = {
    token: 'token',
    encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    receiveId: 'ww0123456789abcdef',
  };
  const crypto = new WeComCrypto(options);
  const receiveId = Buffer.from(options.receiveId);

  const signedOpen = (plain: Buffer) => {
    const encrypt = rawEncrypt(options.encodingAESKey, plain).toString(
      'base64',
    );
    return () =>
      crypto.decryptAndVerify(
        crypto.signature('1', '2', encrypt),
        '1',
        '2',
        encrypt,
      );
  };

  const arbitraryMessageBytes = fc
    .uint8Array({ maxLength: 200 })
    .map(bytes => Buffer.from(bytes));

  it('accepts a well-formed frame (so the cases below fail for their reason only)', () => {
    const message = Buffer.from('hello');
    expect(signedOpen(pad32(frame({ message, receiveId })))()).toBe('hello');
  });

  it('refuses a pad byte of 0 or above 32', () => {
    fc.assert(
      fc.property(
        arbitraryMessageBytes,
        fc.oneof(fc.constant(0), fc.integer({ min: 33, max: 255 })),
        (message, padByte) => {
          const data = frame({ message, receiveId });
          // Fill up to a block boundary, then end with the bad pad byte.
          const filler = 32 - (data.length % 32);
          const plain = Buffer.concat([data, Buffer.alloc(filler, padByte)]);
          expect(codeOf(signedOpen(plain))).toBe(DecryptAESError);
        },
      ),
      RUNS,
    );
  });

  it('refuses pad bytes that are not all equal', () => {
    fc.assert(
      fc.property(
        arbitraryMessageBytes,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (message, position, mask) => {
          const plain = pad32(frame({ message, receiveId }));
          const pad = plain[plain.length - 1];
          fc.pre(pad >= 2);
          // Any pad byte but the last one (which says how many there are).
          plain[plain.length - pad + (position % (pad - 1))] ^= mask;
          expect(codeOf(signedOpen(plain))).toBe(DecryptAESError);
        },
      ),
      RUNS,
    );
  });

  it('refuses padding longer than the data', () => {
    // 32 bytes that all say "32": the frame would be empty.
    expect(codeOf(signedOpen(Buffer.alloc(32, 32)))).toBe(IllegalBuffer);
    // 16 bytes cannot be padded to 32: pad 32 claims more than there is.
    expect(codeOf(signedOpen(Buffer.alloc(16, 32)))).toBe(DecryptAESError);
  });

  it('refuses a frame shorter than its 20-byte header', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 19 }), length => {
        expect(codeOf(signedOpen(pad32(Buffer.alloc(length, 9))))).toBe(
          IllegalBuffer,
        );
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a single block, too short to hold the length field', () => {
    // 16 bytes with valid padding (1..16): the 4-byte length at offset 16
    // does not even exist.
    for (let pad = 1; pad <= 16; pad++) {
      expect(codeOf(signedOpen(Buffer.alloc(16, pad)))).toBe(IllegalBuffer);
    }
  });

  it('refuses a length field that points past the data', () => {
    fc.assert(
      fc.property(arbitraryMessageBytes, fc.nat(), (message, excess) => {
        const available = message.length + receiveId.length;
        const declaredLength = Math.min(available + 1 + excess, 0xffffffff);
        const plain = pad32(frame({ message, receiveId, declaredLength }));
        expect(codeOf(signedOpen(plain))).toBe(IllegalBuffer);
      }),
      RUNS,
    );
  });

  it('refuses the largest possible length field', () => {
    const plain = pad32(
      frame({
        message: Buffer.from('x'),
        receiveId,
        declaredLength: 0xffffffff,
      }),
    );
    expect(codeOf(signedOpen(plain))).toBe(IllegalBuffer);
  });

  it('refuses ciphertext whose length is not a positive multiple of 16', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), length => {
        fc.pre(length % 16 !== 0 || length === 0);
        const encrypt = Buffer.alloc(length, 1).toString('base64');
        expect(
          codeOf(() =>
            crypto.decryptAndVerify(
              crypto.signature('1', '2', encrypt),
              '1',
              '2',
              encrypt,
            ),
          ),
        ).toBe(DecryptAESError);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a length field that cuts into the receiveId', () => {
    const message = Buffer.from('hello');
    const plain = pad32(
      frame({ message, receiveId, declaredLength: message.length + 3 }),
    );
    expect(codeOf(signedOpen(plain))).toBe(ValidateCorpidError);
  });

  it('decrypt() alone reports what it found and fails only with typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 160 }), bytes => {
        expect(['ok', DecryptAESError, IllegalBuffer]).toContain(
          outcomeOf(() =>
            crypto.decrypt(Buffer.from(bytes).toString('base64')),
          ),
        );
      }),
      RUNS,
    );
  });

  it('fails only with typed errors on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 120 }),
        fc.string({ maxLength: 50 }),
        (encrypt, signature) => {
          expect(
            codeOf(() => crypto.decryptAndVerify(signature, '1', '2', encrypt)),
          ).toBe(ValidateSignatureError);
          expect([
            'ok',
            DecodeBase64Error,
            DecryptAESError,
            IllegalBuffer,
          ]).toContain(outcomeOf(() => crypto.decrypt(encrypt)));
        },
      ),
      RUNS,
    );
  });
});

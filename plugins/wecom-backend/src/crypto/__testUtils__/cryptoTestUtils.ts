import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { WeComCryptoError } from '../errors';

const BASE64_ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The official WXBizMsgCrypt test vector from WeCom's sample code. */
export const OFFICIAL_VECTOR = {
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr:
    'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  message: '1616140317555161061',
} as const;

/** Any 43-character EncodingAESKey, including ones whose last 2 bits are set. */
export const arbitraryEncodingAESKey = fc.string({
  unit: fc.constantFrom(...BASE64_ALPHABET),
  minLength: 43,
  maxLength: 43,
});

export const arbitraryToken = fc.string({
  unit: 'grapheme-ascii',
  minLength: 1,
  maxLength: 32,
});

export const arbitraryReceiveId = fc.oneof(
  fc.constant(''),
  fc.constant('ww0123456789abcdef'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);

const chineseCharacter = fc
  .integer({ min: 0x4e00, max: 0x9fff })
  .map(code => String.fromCharCode(code));

/** Messages of every shape: empty, ASCII, any Unicode, Chinese, emoji. */
export const arbitraryMessage = fc.oneof(
  fc.constant(''),
  fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: chineseCharacter, maxLength: 300 }),
);

/** About 20 KiB of UTF-8 (Chinese is 3 bytes a character). */
export const arbitraryLargeMessage = fc.string({
  unit: chineseCharacter,
  minLength: 6500,
  maxLength: 7200,
});

export const arbitraryRandom16 = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map(bytes => Buffer.from(bytes));

export const arbitraryTimestamp = fc
  .integer({ min: 1_000_000_000, max: 4_000_000_000 })
  .map(String);

export const arbitraryNonce = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 31 }).map(String),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 32 }),
);

/** The AES key and IV the WeCom way, computed independently of the code under test. */
export function keyAndIv(encodingAESKey: string) {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  return { key, iv: key.subarray(0, 16) };
}

/** Raw AES-256-CBC without padding, for handcrafted (possibly malformed) frames. */
export function rawEncrypt(encodingAESKey: string, plain: Buffer): Buffer {
  const { key, iv } = keyAndIv(encodingAESKey);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

/** PKCS#7 padding to 32 bytes, as WeCom does it. */
export function pad32(data: Buffer): Buffer {
  const pad = 32 - (data.length % 32);
  return Buffer.concat([data, Buffer.alloc(pad, pad)]);
}

/** A WeCom plaintext frame, with an optional lying length field. */
export function frame(options: {
  message: Buffer;
  receiveId: Buffer;
  declaredLength?: number;
  random?: Buffer;
}): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(options.declaredLength ?? options.message.length, 0);
  return Buffer.concat([
    options.random ?? Buffer.alloc(16, 7),
    length,
    options.message,
    options.receiveId,
  ]);
}

/**
 * Runs `fn` and returns the code of the WeComCryptoError it throws. Fails the
 * test when it throws anything else or does not throw.
 */
export function codeOf(fn: () => unknown): number {
  try {
    fn();
  } catch (error) {
    if (error instanceof WeComCryptoError) return error.code;
    throw new Error(`expected a WeComCryptoError, got ${String(error)}`);
  }
  throw new Error('expected a WeComCryptoError, but nothing was thrown');
}

/**
 * Runs `fn` and says how it ended: `'ok'`, the code of a WeComCryptoError,
 * or a description of any other exception (which no expected list contains).
 */
export function outcomeOf(fn: () => unknown): 'ok' | number | string {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof WeComCryptoError) return error.code;
    return `unexpected ${String(error)}`;
  }
}

/** Replaces the character at `index` by `replacement`. */
export function replaceAt(text: string, index: number, replacement: string) {
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

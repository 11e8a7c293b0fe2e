import {
  createHash,
  randomFillSync,
  randomInt,
  timingSafeEqual,
} from 'node:crypto';
import { DateTime } from 'luxon';
import { AesCbcContext, paddingLengthFor, unpaddedLength } from './aesCbc';
import { parseEncodingAESKey } from './aesKey';
import { decodeBase64Strict } from './base64';
import { WeComCryptoError, WeComCryptoErrorCode } from './errors';

/**
 * The settings of one WeCom callback receiver.
 *
 * @public
 */
export interface WeComCryptoOptions {
  /** The callback Token from the WeCom admin console. */
  token: string;
  /** The 43-character EncodingAESKey from the WeCom admin console. */
  encodingAESKey: string;
  /**
   * Who the messages are for: the Corp ID for a custom app, the suite id for
   * third-party suite callbacks, and `''` for the smart bot.
   */
  receiveId: string;
}

/**
 * The result of {@link WeComCrypto.decrypt}.
 *
 * @public
 */
export interface WeComDecrypted {
  message: string;
  receiveId: string;
}

/**
 * An encrypted, signed reply or push, as WeCom expects it.
 *
 * @public
 */
export interface WeComSignedMessage {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

// Plaintext frame: 16 random bytes ‖ 4-byte big-endian message length ‖
// message ‖ receiveId, then PKCS#7 padding.
const RANDOM_LENGTH = 16;
const HEADER_LENGTH = RANDOM_LENGTH + 4;
const MAX_MESSAGE_LENGTH = 0xffffffff;

// Hex SHA-1 is 40 bytes; any other length cannot match.
const SIGNATURE_LENGTH = 40;

interface DecryptedFrame {
  plain: Buffer;
  messageEnd: number;
  end: number;
}

function signatureMismatch(): WeComCryptoError {
  return new WeComCryptoError(
    WeComCryptoErrorCode.ValidateSignatureError,
    'message signature does not match',
  );
}

/**
 * WeCom's callback crypto (the WXBizMsgCrypt scheme): signatures, AES-256-CBC
 * encryption and decryption of callback messages and replies.
 *
 * @remarks
 * One instance per Token/EncodingAESKey/receiveId: the key is derived once
 * and the AES contexts are kept for every message (see AesCbcContext).
 * Every failure is a {@link WeComCryptoError} carrying WeCom's sample error
 * code. The token and key live in private fields, so they do not show up in
 * `util.inspect` or `JSON.stringify` of an instance.
 *
 * @public
 */
export class WeComCrypto {
  readonly #token: string;
  readonly #aes: AesCbcContext;
  readonly #receiveId: string;
  readonly #receiveIdBytes: Buffer;

  constructor(options: WeComCryptoOptions) {
    const { token, encodingAESKey, receiveId } = options;
    if (typeof token !== 'string' || token.length === 0) {
      throw new WeComCryptoError(
        WeComCryptoErrorCode.ComputeSignatureError,
        'token must be a non-empty string',
      );
    }
    if (typeof receiveId !== 'string') {
      throw new WeComCryptoError(
        WeComCryptoErrorCode.ValidateCorpidError,
        "receiveId must be a string ('' for the smart bot)",
      );
    }
    this.#aes = new AesCbcContext(parseEncodingAESKey(encodingAESKey));
    this.#token = token;
    this.#receiveId = receiveId;
    this.#receiveIdBytes = Buffer.from(receiveId, 'utf8');
  }

  /** The receiveId decrypted messages must carry. */
  get receiveId(): string {
    return this.#receiveId;
  }

  /**
   * The message signature: hex SHA-1 of the token, timestamp, nonce and
   * ciphertext, sorted lexicographically and concatenated.
   */
  signature(timestamp: string, nonce: string, encrypt: string): string {
    const parts = [this.#token, timestamp, nonce, encrypt].sort();
    const hash = createHash('sha1');
    for (const part of parts) hash.update(part, 'utf8');
    return hash.digest('hex');
  }

  /**
   * Checks a message signature in constant time.
   *
   * @throws WeComCryptoError -40001 when it does not match.
   */
  verifySignature(
    signature: string,
    timestamp: string,
    nonce: string,
    encrypt: string,
  ): void {
    if (
      typeof signature !== 'string' ||
      typeof timestamp !== 'string' ||
      typeof nonce !== 'string' ||
      typeof encrypt !== 'string' ||
      signature.length !== SIGNATURE_LENGTH
    ) {
      throw signatureMismatch();
    }
    // UTF-8, not latin1: a non-ASCII character must never alias a hex digit.
    const received = Buffer.from(signature, 'utf8');
    const expected = Buffer.from(
      this.signature(timestamp, nonce, encrypt),
      'latin1',
    );
    if (
      received.length !== expected.length ||
      !timingSafeEqual(received, expected)
    ) {
      throw signatureMismatch();
    }
  }

  /**
   * Decrypts a ciphertext without checking a signature or the receiveId.
   *
   * @remarks
   * AES-CBC alone does not authenticate: use {@link WeComCrypto.decryptAndVerify}
   * for anything that came over the network.
   *
   * @throws WeComCryptoError -40010 (not canonical base64), -40007 (bad
   * length or padding), -40008 (frame length does not fit).
   */
  decrypt(encrypt: string): WeComDecrypted {
    const { plain, messageEnd, end } = this.#decryptFrame(encrypt);
    return {
      message: plain.toString('utf8', HEADER_LENGTH, messageEnd),
      receiveId: plain.toString('utf8', messageEnd, end),
    };
  }

  /**
   * Verifies the signature, decrypts, and checks that the message is for the
   * configured receiveId. Use it for URL verification (`echostr`) and for
   * every callback body.
   *
   * @returns the plaintext message.
   * @throws WeComCryptoError -40001, -40005, or any code of
   * {@link WeComCrypto.decrypt}.
   */
  decryptAndVerify(
    signature: string,
    timestamp: string,
    nonce: string,
    encrypted: string,
  ): string {
    this.verifySignature(signature, timestamp, nonce, encrypted);
    const { plain, messageEnd, end } = this.#decryptFrame(encrypted);
    if (!this.#receiveIdBytes.equals(plain.subarray(messageEnd, end))) {
      throw new WeComCryptoError(
        WeComCryptoErrorCode.ValidateCorpidError,
        'message is for a different receiveId',
      );
    }
    return plain.toString('utf8', HEADER_LENGTH, messageEnd);
  }

  /**
   * Encrypts a message for the configured receiveId.
   *
   * @param random16 - the 16 leading random bytes; only tests pass it.
   * @returns the base64 ciphertext.
   */
  encrypt(message: string, random16?: Buffer): string {
    if (typeof message !== 'string') {
      throw new WeComCryptoError(
        WeComCryptoErrorCode.EncryptAESError,
        'message must be a string',
      );
    }
    if (
      random16 !== undefined &&
      (!Buffer.isBuffer(random16) || random16.length !== RANDOM_LENGTH)
    ) {
      throw new WeComCryptoError(
        WeComCryptoErrorCode.EncryptAESError,
        'random prefix must be 16 bytes',
      );
    }
    const messageLength = Buffer.byteLength(message, 'utf8');
    if (messageLength > MAX_MESSAGE_LENGTH) {
      throw new WeComCryptoError(
        WeComCryptoErrorCode.EncryptAESError,
        'message is too long',
      );
    }

    // Build the padded frame in one buffer rather than concatenating parts.
    const dataLength =
      HEADER_LENGTH + messageLength + this.#receiveIdBytes.length;
    const pad = paddingLengthFor(dataLength);
    const frame = Buffer.allocUnsafe(dataLength + pad);
    if (random16) random16.copy(frame, 0);
    else randomFillSync(frame, 0, RANDOM_LENGTH);
    frame.writeUInt32BE(messageLength, RANDOM_LENGTH);
    frame.write(message, HEADER_LENGTH, messageLength, 'utf8');
    this.#receiveIdBytes.copy(frame, HEADER_LENGTH + messageLength);
    frame.fill(pad, dataLength);

    return this.#aes.encrypt(frame).toString('base64');
  }

  /**
   * Encrypts and signs a reply or push.
   *
   * @param timestamp - unix seconds; defaults to now.
   * @param nonce - defaults to a random 10-digit number.
   */
  encryptAndSign(
    message: string,
    timestamp?: string,
    nonce?: string,
  ): WeComSignedMessage {
    const ts = timestamp ?? String(DateTime.now().toUnixInteger());
    const n = nonce ?? String(randomInt(1_000_000_000, 10_000_000_000));
    const encrypt = this.encrypt(message);
    return {
      encrypt,
      signature: this.signature(ts, n, encrypt),
      timestamp: ts,
      nonce: n,
    };
  }

  #decryptFrame(encrypt: string): DecryptedFrame {
    if (typeof encrypt !== 'string') {
      throw new WeComCryptoError(
        WeComCryptoErrorCode.DecodeBase64Error,
        'ciphertext must be a string',
      );
    }
    const plain = this.#aes.decrypt(decodeBase64Strict(encrypt));
    const end = unpaddedLength(plain);
    if (end < HEADER_LENGTH) {
      throw new WeComCryptoError(
        WeComCryptoErrorCode.IllegalBuffer,
        'decrypted data is too short',
      );
    }
    const messageLength = plain.readUInt32BE(RANDOM_LENGTH);
    if (messageLength > end - HEADER_LENGTH) {
      throw new WeComCryptoError(
        WeComCryptoErrorCode.IllegalBuffer,
        'message length exceeds the decrypted data',
      );
    }
    return { plain, messageEnd: HEADER_LENGTH + messageLength, end };
  }
}

import { createCipheriv } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { randomNonce } from '../ids';

/** The secrets one callback receiver shares with WeCom. */
export interface EnvelopeKeys {
  token: string;
  encodingAESKey: string;
  /** Corp id (custom app), suite id (suite) or '' (smart bot). */
  receiveId: string;
}

/** An encrypted, signed payload as WeCom sends it. */
export interface SealedMessage {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

/** Encrypts and signs with WeCom's own library (independent of the plugin's). */
export function sealMessage(
  keys: EnvelopeKeys,
  message: string,
  timestamp: number,
): SealedMessage {
  const encrypted = encrypt(keys.encodingAESKey, message, keys.receiveId);
  const nonce = randomNonce();
  return {
    encrypt: encrypted,
    signature: getSignature(keys.token, timestamp, nonce, encrypted),
    timestamp: String(timestamp),
    nonce,
  };
}

/** The query a sealed message is delivered with: its signature's parts. */
export function signatureQuery(sealed: SealedMessage): Record<string, string> {
  return {
    msg_signature: sealed.signature,
    timestamp: sealed.timestamp,
    nonce: sealed.nonce,
  };
}

/** What a receiver answered inside its encrypted reply. */
export interface OpenedReply {
  message: string;
  signatureValid: boolean;
  receiveIdValid: boolean;
}

/** Checks the signature of a receiver's encrypted reply and decrypts it. */
export function openReply(
  keys: EnvelopeKeys,
  sealed: SealedMessage,
): OpenedReply {
  const expected = getSignature(
    keys.token,
    sealed.timestamp,
    sealed.nonce,
    sealed.encrypt,
  );
  const { message, id } = decrypt(keys.encodingAESKey, sealed.encrypt);
  return {
    message,
    signatureValid: expected === sealed.signature,
    receiveIdValid: id === keys.receiveId,
  };
}

/**
 * Encrypts media the way WeCom serves bot images and files: AES-256-CBC with
 * the EncodingAESKey-derived key, IV = its first 16 bytes, PKCS#7 padding to
 * 32-byte blocks, no length or receiveid framing. By hand with node:crypto
 * because @wecom/crypto only offers the framed message form.
 */
export function encryptMedia(encodingAESKey: string, bytes: Buffer): Buffer {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32)
    throw new Error('EncodingAESKey must decode to 32 bytes');
  return encryptMediaWithKey(key, bytes);
}

/**
 * The same with a raw 32-byte key: in long-connection mode each image or
 * file carries its own key (`aeskey`, base64 of 32 bytes).
 */
export function encryptMediaWithKey(key: Buffer, bytes: Buffer): Buffer {
  const padLength = 32 - (bytes.length % 32);
  const padded = Buffer.concat([bytes, Buffer.alloc(padLength, padLength)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]);
}

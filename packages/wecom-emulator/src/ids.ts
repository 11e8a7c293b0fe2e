import { randomBytes } from 'node:crypto';

/** Random URL-safe identifiers for tokens, codes and message ids. */
export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

/** Callback nonces are digits in WeCom's samples. */
export function randomNonce(): string {
  return String(randomBytes(4).readUInt32BE(0));
}

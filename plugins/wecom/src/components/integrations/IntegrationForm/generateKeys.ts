const ALPHANUMERIC =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// The largest multiple of 62 that fits in a byte: bytes at or above it are
// drawn again, so every character is equally likely.
const UNBIASED_LIMIT = 256 - (256 % ALPHANUMERIC.length);

/** `length` letters and digits from the browser's secure random source. */
export function randomAlphanumeric(length: number): string {
  let result = '';
  const bytes = new Uint8Array(length * 2);
  while (result.length < length) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < UNBIASED_LIMIT && result.length < length) {
        result += ALPHANUMERIC[byte % ALPHANUMERIC.length];
      }
    }
  }
  return result;
}

/** A callback Token as the WeCom admin console makes it: 32 letters/digits. */
export function generateToken(): string {
  return randomAlphanumeric(32);
}

/**
 * An EncodingAESKey: 43 letters and digits, so `base64(key + "=")` gives the
 * 32-byte AES key. WeCom (and our backend) accept only letters and digits,
 * which plain base64 of random bytes would not guarantee (it may contain `+`
 * and `/`); 43 characters of 62 still carry 256 bits of randomness.
 */
export function generateEncodingAESKey(): string {
  return randomAlphanumeric(43);
}

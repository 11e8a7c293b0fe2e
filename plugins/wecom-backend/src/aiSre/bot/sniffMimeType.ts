const SIGNATURES: Array<{ mimeType: string; bytes: number[] }> = [
  {
    mimeType: 'image/png',
    bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  },
  { mimeType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mimeType: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { mimeType: 'image/webp', bytes: [0x52, 0x49, 0x46, 0x46] },
  { mimeType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

/** How much of a file decides whether it is text. */
const TEXT_SAMPLE = 4096;

/**
 * The type of decrypted media from its first bytes: WeCom's download does
 * not say (it serves encrypted octets), and the analyzer needs to know
 * whether it got an image it can show a model or text it can read.
 */
export function sniffMimeType(bytes: Uint8Array): string {
  for (const { mimeType, bytes: signature } of SIGNATURES) {
    if (signature.every((byte, i) => bytes[i] === byte)) {
      // RIFF is also WAV and AVI: WebP says so at offset 8.
      if (mimeType === 'image/webp' && !isWebp(bytes)) continue;
      return mimeType;
    }
  }
  return looksLikeText(bytes) ? 'text/plain' : 'application/octet-stream';
}

function isWebp(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(8, 12)).toString('latin1') === 'WEBP';
}

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  const sample = bytes.subarray(0, TEXT_SAMPLE);
  try {
    // `stream` tolerates a character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
  } catch {
    return false;
  }
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    // Tab, newline and carriage return are text; other C0 codes are not.
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) {
      control++;
    }
  }
  return control <= sample.length / 100;
}

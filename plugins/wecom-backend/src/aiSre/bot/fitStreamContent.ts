/** WeCom takes up to 20,480 bytes of markdown in one stream reply. */
export const MAX_STREAM_BYTES = 20_480;
const CUT_NOTE = '\n\n…(cut: the answer is longer than WeCom shows)';

/**
 * The content as WeCom accepts it: at most `maxBytes` of UTF-8, cut on a
 * character boundary with a note saying so.
 */
export function fitStreamContent(
  content: string,
  maxBytes = MAX_STREAM_BYTES,
): string {
  const bytes = Buffer.from(content, 'utf8');
  if (bytes.length <= maxBytes) return content;
  const room = maxBytes - Buffer.byteLength(CUT_NOTE);
  let end = room;
  // Step back over UTF-8 continuation bytes (10xxxxxx) to a character start.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8') + CUT_NOTE;
}

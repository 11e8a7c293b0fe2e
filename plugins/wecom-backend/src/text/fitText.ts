/**
 * A limit in 字 (`width`: a non-ASCII character counts one, an ASCII one
 * half) or in UTF-8 bytes; incidentCards/cards/limits.ts says why.
 */
export type TextLimit = { width: number } | { bytes: number };

export const ELLIPSIS = '…';

// Cuts fall between grapheme clusters, so a CJK character, an accented
// letter or an emoji sequence is never split (and never split mid-UTF-8).
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The size of `text` in the unit of `limit`: UTF-8 bytes, or 字 — one per
 * character, half for an ASCII one (see incidentCards/cards/limits.ts).
 */
export function measureText(text: string, limit: TextLimit): number {
  if ('bytes' in limit) return Buffer.byteLength(text, 'utf8');
  let width = 0;
  for (const char of text) width += char.codePointAt(0)! < 0x80 ? 0.5 : 1;
  return width;
}

function maxOf(limit: TextLimit): number {
  return 'bytes' in limit ? limit.bytes : limit.width;
}

/**
 * Fits `text` within `limit`: unchanged when it fits, else cut at a
 * character boundary and ended with "…" (the ellipsis counts towards the
 * limit, so the result is always within it).
 */
export function fitText(
  text: string,
  limit: TextLimit,
): { text: string; cut: boolean } {
  const max = maxOf(limit);
  if (measureText(text, limit) <= max) return { text, cut: false };
  const budget = max - measureText(ELLIPSIS, limit);
  if (budget < 0) return { text: '', cut: true };

  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = measureText(segment, limit);
    if (used + size > budget) break;
    kept += segment;
    used += size;
  }
  return { text: `${kept.trimEnd()}${ELLIPSIS}`, cut: true };
}

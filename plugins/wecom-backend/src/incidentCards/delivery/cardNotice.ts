import { TemplateCard } from '../contracts';

/** Quote text stays short: WeCom shows a few lines of it (limit not documented). */
const MAX_NOTICE_BYTES = 240;

/** Cuts text to `maxBytes` of UTF-8 without splitting a character, ending in `…`. */
export function cutUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let bytes = Buffer.byteLength('…', 'utf8');
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return `${out}…`;
}

/**
 * The card with a short notice in its quote area, for answers to one click
 * (why an action did not apply, how to link).
 */
export function withNotice(card: TemplateCard, notice: string): TemplateCard {
  return {
    ...card,
    quote_area: { type: 0, quote_text: cutUtf8(notice, MAX_NOTICE_BYTES) },
  };
}

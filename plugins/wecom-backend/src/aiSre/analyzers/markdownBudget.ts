import { fitText } from '../../text/fitText';

/** WeCom refuses markdown messages over 2,048 bytes; keep a margin. */
export const MAX_ANALYSIS_BYTES = 2000;
/** The most a bot answer may hold (WeCom's stream content limit is 20,480). */
export const MAX_ANSWER_BYTES = 20000;

const CLOSING_FENCE = '\n```';

export function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/**
 * Fits markdown within `maxBytes` with `footer` always kept at its end. A
 * cut falls at the end of a line when one is near (never inside a word, a
 * link or a character) and is marked with "…".
 */
export function fitMarkdown(
  markdown: string,
  maxBytes: number,
  footer?: string,
): string {
  const tail = footer ? `\n\n${footer}` : '';
  const whole = `${markdown}${tail}`;
  if (byteLength(whole) <= maxBytes) return whole;

  // Room for a closing ``` fence too.
  const budget = maxBytes - byteLength(tail) - byteLength(CLOSING_FENCE);
  const cut = fitText(markdown, { bytes: budget }).text;
  // Back to the last line break when it keeps most of the text: a half
  // link or half table row reads worse than a shorter answer.
  const lastBreak = cut.lastIndexOf('\n');
  const kept =
    lastBreak >= cut.length * 0.6 ? `${cut.slice(0, lastBreak)}\n…` : cut;
  return `${closeCodeFence(kept)}${tail}`;
}

/** An odd number of ``` fences would turn the footer into code. */
function closeCodeFence(markdown: string): string {
  const fences = markdown.match(/^```/gm)?.length ?? 0;
  return fences % 2 === 1 ? `${markdown}${CLOSING_FENCE}` : markdown;
}

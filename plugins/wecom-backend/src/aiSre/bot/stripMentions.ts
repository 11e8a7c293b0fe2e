/**
 * WeCom writes an @mention as `@Name` followed by U+2005 (a four-per-em
 * space), which lets names with spaces be cut exactly; without it the name
 * ends at the first whitespace.
 */
const LEADING_MENTION = /^@(?:[^\u2005\n]{1,40}\u2005|\S+(?:\s+|$))/;
const TRAILING_MENTION = /(?:^|\s)@\S+$/;

/**
 * The text of a message without the @mentions that address the bot: those
 * before the question and after it. Mentions inside the sentence ("ask
 * @LiSi") are part of the question and stay.
 */
export function stripMentions(text: string): string {
  let rest = text.trim();
  for (;;) {
    const next = rest.replace(LEADING_MENTION, '').trimStart();
    if (next === rest) break;
    rest = next;
  }
  for (;;) {
    const next = rest.replace(TRAILING_MENTION, '').trimEnd();
    if (next === rest) break;
    rest = next;
  }
  return rest;
}

// Cuts fall between grapheme clusters, so a CJK character or an emoji
// sequence is never split across two messages (nor mid-UTF-8), unless one
// cluster alone is larger than a message.
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Splits markdown into messages of at most `maxBytes` UTF-8 bytes each,
 * losing nothing but the whitespace at the cuts. A message ends before a
 * heading when it can, else at a line end; only a line longer than a whole
 * message is cut inside.
 */
export function splitMarkdown(markdown: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new Error('maxBytes must leave room for a character');
  const messages: string[] = [];
  let current = '';
  const flush = () => {
    const text = current.trim();
    if (text) messages.push(text);
    current = '';
  };
  const fits = (text: string) => bytesOf(text) <= maxBytes;
  const joined = (piece: string) => (current ? `${current}\n${piece}` : piece);

  for (const section of sections(markdown)) {
    if (fits(joined(section))) {
      current = joined(section);
      continue;
    }
    flush();
    if (fits(section)) {
      current = section;
      continue;
    }
    for (const line of section.split('\n')) {
      if (fits(joined(line))) {
        current = joined(line);
        continue;
      }
      flush();
      const pieces = cut(line, maxBytes);
      messages.push(...pieces.slice(0, -1));
      current = pieces[pieces.length - 1] ?? '';
    }
  }
  flush();
  return messages;
}

/**
 * The text in parts that each start at a heading (the first may not);
 * joined with line breaks they are the text again.
 */
function sections(markdown: string): string[] {
  const result: string[] = [];
  let lines: string[] = [];
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^#{1,6}\s/.test(line) && lines.length > 0) {
      result.push(lines.join('\n'));
      lines = [];
    }
    lines.push(line);
  }
  result.push(lines.join('\n'));
  return result.filter(section => section.trim() !== '');
}

/** A line longer than a message, in pieces of at most `maxBytes`. */
function cut(line: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const { segment } of graphemes.segment(line)) {
    // A cluster bigger than a whole message (stacked combining marks) is
    // cut between its code points: never mid-UTF-8, only mid-cluster.
    const units = bytesOf(segment) > maxBytes ? [...segment] : [segment];
    for (const unit of units) {
      if (piece && bytesOf(piece + unit) > maxBytes) {
        pieces.push(piece);
        piece = '';
      }
      piece += unit;
    }
  }
  if (piece) pieces.push(piece);
  return pieces;
}

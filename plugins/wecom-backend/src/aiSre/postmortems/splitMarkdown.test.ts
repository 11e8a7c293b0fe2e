import fc from 'fast-check';
import { splitMarkdown } from './splitMarkdown';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const squeezed = (text: string) => text.replace(/\s+/g, '');

describe('splitMarkdown', () => {
  it('keeps a short post-mortem in one message', () => {
    expect(splitMarkdown('## Summary\nDown.\n\n## Impact\nAll.', 2048)).toEqual(
      ['## Summary\nDown.\n\n## Impact\nAll.'],
    );
  });

  it('starts a new message at a section heading rather than mid-section', () => {
    const summary = `## Summary\n${'a'.repeat(1500)}`;
    const impact = `## Impact\n${'b'.repeat(1000)}`;
    expect(splitMarkdown(`${summary}\n\n${impact}`, 2048)).toEqual([
      summary,
      impact,
    ]);
  });

  it('cuts a section longer than a message at line ends', () => {
    const lines = Array.from(
      { length: 60 },
      (_, i) => `- step ${i} ${'x'.repeat(60)}`,
    );
    const messages = splitMarkdown(`## Timeline\n${lines.join('\n')}`, 2048);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(bytes(message)).toBeLessThanOrEqual(2048);
      expect(message).toMatch(/^(## Timeline|- step \d+ x+)$/m);
    }
  });

  it('never splits a Chinese character or an emoji across messages', () => {
    const line = '根因：数据库连接池耗尽🔥'.repeat(200);
    const messages = splitMarkdown(line, 2048);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.join('')).toBe(line);
    for (const message of messages) {
      expect(bytes(message)).toBeLessThanOrEqual(2048);
      expect(message).not.toContain('\uFFFD');
    }
  });

  it('cuts a character cluster bigger than a whole message between its code points', () => {
    // One grapheme of three 4-byte code points (a musical symbol).
    expect(splitMarkdown('\u{1D158}\u{1D165}\u{1D16E}', 8)).toEqual([
      '\u{1D158}\u{1D165}',
      '\u{1D16E}',
    ]);
  });

  it('keeps every message within the limit and loses only whitespace', () => {
    const piece = fc.oneof(
      fc.constantFrom('## Impact', '# Title', '\n', '\n\n', '- ', ' '),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 80 }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }),
        fc.integer({ min: 8, max: 600 }),
        (parts, maxBytes) => {
          const markdown = parts.join('');
          const messages = splitMarkdown(markdown, maxBytes);
          for (const message of messages) {
            expect(bytes(message)).toBeLessThanOrEqual(maxBytes);
            expect(message.trim()).not.toBe('');
          }
          expect(squeezed(messages.join(''))).toBe(squeezed(markdown));
        },
      ),
    );
  });
});

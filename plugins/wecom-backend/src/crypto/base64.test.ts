import fc from 'fast-check';
import { decodeBase64Strict } from './base64';
import { WeComCryptoErrorCode } from './errors';
import { codeOf } from './__testUtils__/cryptoTestUtils';

// Slow but obviously right: the alphabet and padding by regular expression,
// the zero padding bits by re-encoding.
function isCanonicalBase64(text: string): boolean {
  return (
    /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(
      text,
    ) && Buffer.from(text, 'base64').toString('base64') === text
  );
}

describe('decodeBase64Strict', () => {
  it('decodes whatever Buffer encodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), bytes => {
        const buffer = Buffer.from(bytes);
        expect(
          decodeBase64Strict(buffer.toString('base64')).equals(buffer),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a length that is not a multiple of 4', 'QUJ'],
    ['whitespace', 'QU D'],
    ['a line break', 'QUJD\nQUJD'],
    ['the URL-safe alphabet', 'QU-_'],
    ['an inner padding character', 'QQ==QUJD'],
    ['three padding characters', 'Q==='],
    ['only padding', '===='],
    ['padding before the last character', 'QQ=A'],
    ['non-zero padding bits', 'QR=='],
    ['non-zero padding bits with one =', 'QUK='],
    ['a character whose low byte is a base64 letter', 'QUJ\u0144'],
    ['a Chinese character', 'QUJ中'],
    ['a lone surrogate', 'QUJ\ud800'],
  ])('refuses %s', (_, text) => {
    expect(codeOf(() => decodeBase64Strict(text))).toBe(
      WeComCryptoErrorCode.DecodeBase64Error,
    );
  });

  it('accepts exactly the canonical strings', () => {
    const junk = fc.constantFrom(
      '=',
      '-',
      '_',
      ' ',
      '\n',
      '!',
      'ń',
      'Ł',
      '中',
      'A',
      '/',
    );
    const mutated = fc
      .tuple(fc.uint8Array({ maxLength: 30 }), fc.nat(), junk, fc.boolean())
      .map(([bytes, position, character, insert]) => {
        const text = Buffer.from(bytes).toString('base64');
        const index = position % (text.length + 1);
        return (
          text.slice(0, index) +
          character +
          text.slice(index + (insert ? 0 : 1))
        );
      });
    const anyText = fc.string({
      unit: fc.constantFrom(...'AQgw+/=-_ \u0141'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.oneof(mutated, anyText), text => {
        const expected = isCanonicalBase64(text)
          ? Buffer.from(text, 'base64').toString('hex')
          : WeComCryptoErrorCode.DecodeBase64Error;
        let actual: string | number;
        try {
          actual = decodeBase64Strict(text).toString('hex');
        } catch (error) {
          actual = (error as { code: number }).code;
        }
        expect(actual).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

import { fitStreamContent } from './fitStreamContent';

describe('fitStreamContent', () => {
  it('leaves an answer within the limit alone', () => {
    expect(fitStreamContent('短的回答', 100)).toBe('短的回答');
  });

  it('cuts a long answer on a character boundary and says so', () => {
    const fitted = fitStreamContent('根因'.repeat(100), 100);
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(100);
    expect(fitted.startsWith('根因'.repeat(8))).toBe(true);
    expect(fitted).not.toContain('\uFFFD');
    expect(fitted).toContain('cut: the answer is longer than WeCom shows');
  });
});

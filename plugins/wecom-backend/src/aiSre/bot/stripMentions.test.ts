import { stripMentions } from './stripMentions';

describe('stripMentions', () => {
  it('removes the @mentions before and after the question', () => {
    expect(stripMentions('@bot what is happening?')).toBe('what is happening?');
    expect(stripMentions('  @bot @AI-SRE   start processing ')).toBe(
      'start processing',
    );
    expect(stripMentions('what changed? @bot')).toBe('what changed?');
    expect(stripMentions('@bot')).toBe('');
  });

  it("cuts a name with spaces at WeCom's U+2005 after the mention", () => {
    expect(stripMentions('@AI SRE 助手\u2005现在什么情况？')).toBe(
      '现在什么情况？',
    );
  });

  it('keeps mentions inside the question', () => {
    expect(stripMentions('@bot did @LiSi restart the pool?')).toBe(
      'did @LiSi restart the pool?',
    );
    expect(stripMentions('email ops@example.com')).toBe(
      'email ops@example.com',
    );
  });
});

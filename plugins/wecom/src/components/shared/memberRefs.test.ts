import { entityRefName, parseMemberRefs } from './memberRefs';

describe('parseMemberRefs', () => {
  it('completes short refs, accepts commas and spaces, and drops duplicates', () => {
    expect(
      parseMemberRefs(' lisi, group:default/sre  user:default/lisi,,'),
    ).toEqual({ refs: ['user:default/lisi', 'group:default/sre'] });
    expect(parseMemberRefs('')).toEqual({ refs: [] });
  });

  it('refuses what is not a user or group, naming it', () => {
    expect(parseMemberRefs('lisi component:default/payments-api')).toEqual({
      error: expect.stringMatching(
        /^"component:default\/payments-api" is not a user or group/,
      ),
    });
  });
});

describe('entityRefName', () => {
  it('is the name part of a ref', () => {
    expect(entityRefName('user:default/zhangsan')).toBe('zhangsan');
  });
});

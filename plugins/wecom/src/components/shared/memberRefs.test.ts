import {
  entityRefName,
  parseMemberRefs,
  refWithoutDefaultNamespace,
  refWithoutKind,
} from './memberRefs';

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

describe('refWithoutDefaultNamespace', () => {
  it('keeps the kind, and the namespace when it is not the default', () => {
    expect(refWithoutDefaultNamespace('group:default/sre')).toBe('group:sre');
    expect(refWithoutDefaultNamespace('user:platform/wangwu')).toBe(
      'user:platform/wangwu',
    );
  });
});

describe('refWithoutKind', () => {
  it('drops the kind, and the namespace when it is the default', () => {
    expect(refWithoutKind('group:default/sre')).toBe('sre');
    expect(refWithoutKind('group:platform/sre')).toBe('platform/sre');
    expect(refWithoutKind('group:')).toBe('group:');
  });
});

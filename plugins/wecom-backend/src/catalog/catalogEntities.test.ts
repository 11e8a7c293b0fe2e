import { normaliseRef, readEntityRef } from './catalogEntities';

describe('readEntityRef', () => {
  it('fills in the default kind and namespace, in lower case', () => {
    expect(readEntityRef(' ZhangSan ', { defaultKind: 'user' })).toEqual({
      ref: 'user:default/zhangsan',
    });
    expect(normaliseRef('Group:Platform/SRE', 'user')).toBe(
      'group:platform/sre',
    );
  });

  it('says whether a ref is no ref or of another kind', () => {
    expect(readEntityRef('user:', { defaultKind: 'user' })).toEqual({
      problem: 'notARef',
    });
    expect(
      readEntityRef('group:default/sre', {
        defaultKind: 'user',
        kinds: ['user'],
      }),
    ).toEqual({ problem: 'wrongKind' });
  });

  it('refuses names the catalog would refuse only when asked', () => {
    expect(readEntityRef('user:default/zhang san').ref).toBe(
      'user:default/zhang san',
    );
    expect(
      readEntityRef('user:default/zhang san', { catalogNames: true }),
    ).toEqual({ problem: 'notARef' });
  });
});

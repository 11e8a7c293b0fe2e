import { DEFAULT_WORKSPACE_REDIRECT, readRedirectPath } from './redirectPath';

describe('readRedirectPath', () => {
  it('accepts paths inside the app and defaults to the WeCom page', () => {
    expect(readRedirectPath(undefined)).toBe(DEFAULT_WORKSPACE_REDIRECT);
    expect(readRedirectPath('')).toBe('/wecom');
    expect(readRedirectPath('/catalog/default/component/payments?tab=ci')).toBe(
      '/catalog/default/component/payments?tab=ci',
    );
  });

  it.each([
    ['another host', '//evil.example/path'],
    ['a backslash host', '/\\evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a data: URL', 'data:text/html,hello'],
    ['a relative path', 'catalog'],
    ['a control character', '/cat\nalog'],
    ['a repeated parameter', ['/a', '/b']],
    ['an over-long path', `/${'a'.repeat(600)}`],
  ])('refuses %s', (_what, value) => {
    expect(() => readRedirectPath(value)).toThrow(
      /must be a path inside Backstage/,
    );
  });
});

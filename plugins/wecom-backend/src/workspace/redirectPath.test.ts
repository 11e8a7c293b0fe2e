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
    ['evil.com protocol-relative', '//evil.com'],
    ['an https URL', 'https://evil.com'],
    ['a backslash after the slash', '/\\evil.com'],
    ['a backslash later on', '/\\/evil.com'],
    ['an encoded protocol-relative host', '%2F%2Fevil.com'],
    ['a javascript: URL', `${'javascript'}:alert(1)`],
    ['a tab the URL parser drops', '/\t/evil.com'],
    ['CR and LF (header splitting)', '/wecom\r\nSet-Cookie: a=b'],
    ['a DEL', '/wecom\u007f'],
    ['a repeated parameter', ['/a', '/b']],
    ['an over-long path', `/${'a'.repeat(600)}`],
  ])('refuses %s', (_what, value) => {
    expect(() => readRedirectPath(value)).toThrow(
      /must be a path inside Backstage/,
    );
  });
});

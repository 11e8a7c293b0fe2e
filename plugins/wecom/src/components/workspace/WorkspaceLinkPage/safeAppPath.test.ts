import { safeAppPath } from './safeAppPath';

describe('safeAppPath', () => {
  it('keeps paths inside the app, query and hash included', () => {
    expect(safeAppPath('/wecom/incidents/3f1c9a52')).toBe(
      '/wecom/incidents/3f1c9a52',
    );
    expect(safeAppPath('/catalog?filters[kind]=component#top')).toBe(
      '/catalog?filters[kind]=component#top',
    );
    // Encoded slashes stay inside the path: the browser never decodes them into a host.
    expect(safeAppPath('/%2F%2Fevil.com')).toBe('/%2F%2Fevil.com');
  });

  it.each([
    ['nothing', undefined],
    ['an empty string', ''],
    ['a protocol-relative host', '//evil.com'],
    ['an absolute URL', 'https://evil.com'],
    ['a backslash host', '/\\evil.com'],
    ['a backslash later on', '/\\/evil.com'],
    ['an encoded protocol-relative host', '%2F%2Fevil.com'],
    ['a javascript: URL', `${'javascript'}:alert(1)`],
    ['a tab the URL parser drops', '/\t/evil.com'],
    ['a line feed the URL parser drops', '/\n/evil.com'],
    ['a carriage return and line feed', '/wecom\r\nSet-Cookie: a=b'],
    ['a NUL', '/wecom\u0000'],
  ])('sends %s to the home page', (_what, target) => {
    expect(safeAppPath(target)).toBe('/');
  });
});

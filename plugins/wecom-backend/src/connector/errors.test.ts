import { WeComApiError, WeComNetworkError, isWeComApiError } from './errors';
import { hintForErrcode } from './errorHints';
import { redactUrl, scrubSecrets } from './redact';

describe('WeCom error hints', () => {
  it.each([
    [40001, /Secret/],
    [40013, /Corp ID/],
    [40014, /refreshed automatically/],
    [42001, /refreshed automatically/],
    [41001, /refreshed automatically/],
    [45009, /rate limit/],
    [48002, /Contacts/],
    [48002, /group chat.*root department/],
    [60011, /visible range/],
    [60020, /trusted IP/],
    [46004, /No WeCom member/],
    [40003, /user id is not valid/],
    [81013, /None of the recipients/],
    [86003, /^The group chat does not exist\.$/],
    [86007, /not a valid member/],
    [86008, /another app created/],
    [86215, /already exists/],
    [86220, /session parameter/],
    [301002, /same app/],
    [701001, /basic account licence/],
    [701016, /not active or has expired/],
    [-1, /busy/],
  ])('explains errcode %i', (errcode, expected) => {
    expect(hintForErrcode(errcode)).toMatch(expected);
  });

  it('points to WeCom error lookup for an unknown errcode', () => {
    expect(hintForErrcode(123456)).toBe(
      "See WeCom's error code lookup: https://open.work.weixin.qq.com/devtool/query?e=123456",
    );
  });
});

describe('isWeComApiError', () => {
  const error = new WeComApiError({
    errcode: 60011,
    errmsg: 'no privilege to access/modify contact/party/agent',
    api: '/cgi-bin/user/get',
  });

  it('recognises the error and optionally its code', () => {
    expect(isWeComApiError(error)).toBe(true);
    expect(isWeComApiError(error, 60011)).toBe(true);
    expect(isWeComApiError(error, [46004, 60011])).toBe(true);
    expect(isWeComApiError(error, 46004)).toBe(false);
    expect(
      isWeComApiError(new WeComNetworkError({ api: 'x', message: 'down' })),
    ).toBe(false);
    expect(isWeComApiError(new Error('60011'))).toBe(false);
  });

  it('carries the api, the errcode and the hint in its message', () => {
    expect(error.message).toBe(
      "WeCom /cgi-bin/user/get failed with errcode 60011 (no privilege to access/modify contact/party/agent). The user or department is outside the app's visible range. Widen the app's visible range (可见范围) in the WeCom admin console.",
    );
  });
});

describe('redaction', () => {
  it('masks every token and secret parameter in a URL', () => {
    expect(
      redactUrl(
        'https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=s3cr3t&x=1',
      ),
    ).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=[redacted]&x=1',
    );
    expect(redactUrl('/cgi-bin/user/get?access_token=abc&userid=u')).toBe(
      '/cgi-bin/user/get?access_token=[redacted]&userid=u',
    );
    expect(
      redactUrl('/cgi-bin/service/get_corp_token?suite_access_token=abc'),
    ).toBe('/cgi-bin/service/get_corp_token?suite_access_token=[redacted]');
  });

  it('masks an OAuth code but not parameters that merely end in "code"', () => {
    expect(redactUrl('/cgi-bin/auth/getuserinfo?code=abc&x=1')).toBe(
      '/cgi-bin/auth/getuserinfo?code=[redacted]&x=1',
    );
    expect(redactUrl('/x?response_code=rc1')).toBe('/x?response_code=rc1');
  });

  it('masks known secret values wherever they appear', () => {
    expect(
      scrubSecrets('echo: the-secret-value-123 and more', [
        'the-secret-value-123',
        undefined,
      ]),
    ).toBe('echo: [redacted] and more');
  });
});

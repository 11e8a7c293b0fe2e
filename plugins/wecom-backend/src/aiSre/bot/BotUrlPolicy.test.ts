import { WeComIntegration } from '../../integrations/types';
import { BotUrlPolicy } from './BotUrlPolicy';

const integrations: Record<string, Partial<WeComIntegration>> = {
  acme: { apiBaseUrl: 'https://qyapi.weixin.qq.com' },
  dev: { apiBaseUrl: 'http://localhost:8090' },
  ws: {
    apiBaseUrl: 'https://qyapi.weixin.qq.com',
    bot: {
      mode: 'longConnection',
      botId: 'b',
      secret: 's',
      wsUrl: 'wss://wecom.corp.example:8443/aibot',
    },
  },
};

const policy = (allowedHosts?: string[]) =>
  new BotUrlPolicy({
    integrations: {
      get: async id =>
        integrations[id] && ({ id, ...integrations[id] } as WeComIntegration),
    },
    allowedHosts,
  });

const verdict = (
  p: BotUrlPolicy,
  id: string,
  url: string,
  purpose: 'media' | 'response',
) =>
  p.check(id, url, purpose).then(
    () => 'allowed',
    (error: Error) => error.message,
  );

describe('BotUrlPolicy', () => {
  it("allows WeCom's own reply API and media storage, and the integration's origin", async () => {
    const p = policy();
    const allowed: Array<[string, string, 'media' | 'response']> = [
      [
        'acme',
        'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=x',
        'response',
      ],
      [
        'acme',
        'https://ww-aibot-img-1258476243.cos.ap-guangzhou.myqcloud.com/BHoPdA3/757?sign=q',
        'media',
      ],
      ['dev', 'http://localhost:8090/_emulator/media/abc', 'media'],
      [
        'dev',
        'http://localhost:8090/cgi-bin/aibot/response?response_code=x',
        'response',
      ],
      ['ws', 'https://wecom.corp.example:8443/media/1', 'media'],
    ];
    for (const [id, url, purpose] of allowed) {
      expect(await verdict(p, id, url, purpose)).toBe('allowed');
    }
  });

  it('refuses everything else', async () => {
    const p = policy();
    const refused: Array<[string, string, 'media' | 'response', RegExp]> = [
      ['acme', 'https://evil.example/x', 'media', /evil\.example/],
      // Another port or scheme of the API host is another origin.
      [
        'acme',
        'http://qyapi.weixin.qq.com/cgi-bin/aibot/response',
        'response',
        /host/,
      ],
      ['dev', 'http://localhost:8091/media', 'media', /localhost:8091/],
      ['acme', 'http://169.254.169.254/latest/meta-data/', 'media', /169\.254/],
      // WeCom's media storage is not where late answers go.
      [
        'acme',
        'https://bucket.cos.ap-guangzhou.myqcloud.com/cgi-bin/aibot/response',
        'response',
        /myqcloud/,
      ],
      // Nor anything but the reply API on the API host.
      [
        'acme',
        'https://qyapi.weixin.qq.com/cgi-bin/gettoken',
        'response',
        /reply API/,
      ],
      ['acme', 'https://myqcloud.com.evil.example/m', 'media', /host/],
      [
        'acme',
        'https://qyapi.weixin.qq.com@evil.example/m',
        'media',
        /user name|host/,
      ],
      ['acme', 'file:///etc/passwd', 'media', /http\(s\)/],
      ['acme', 'not a url', 'media', /not a URL/],
      ['unknown', 'https://qyapi.weixin.qq.com/x', 'media', /host/],
    ];
    for (const [id, url, purpose, reason] of refused) {
      expect(await verdict(p, id, url, purpose)).toMatch(reason);
    }
  });

  it('adds the hosts an admin configures, https on the default port only', async () => {
    const p = policy(['media.corp.example', '*.files.corp.example']);
    expect(
      await verdict(p, 'acme', 'https://media.corp.example/1', 'media'),
    ).toBe('allowed');
    expect(
      await verdict(p, 'acme', 'https://a.files.corp.example/1', 'media'),
    ).toBe('allowed');
    expect(
      await verdict(p, 'acme', 'https://files.corp.example/1', 'media'),
    ).toMatch(/host/);
    expect(
      await verdict(p, 'acme', 'http://media.corp.example/1', 'media'),
    ).toMatch(/host/);
    expect(
      await verdict(p, 'acme', 'https://media.corp.example:8443/1', 'media'),
    ).toMatch(/host/);
  });

  it('reads the hosts an admin configures as wecom.allowedApiHosts does, and refuses a bad one at start-up', async () => {
    const p = policy(['media.corp.example:8443', 'http://files.corp.example']);
    expect(
      await verdict(p, 'acme', 'https://media.corp.example:8443/1', 'media'),
    ).toBe('allowed');
    expect(
      await verdict(p, 'acme', 'http://files.corp.example/1', 'media'),
    ).toBe('allowed');
    expect(() => policy(['media.corp.example', 'not a host!'])).toThrow(
      /Invalid wecom\.aiSre\.bot\.allowedHosts\[1\]: "not a host!" is not a host name/,
    );
  });
});

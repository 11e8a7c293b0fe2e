import { ConfigReader } from '@backstage/config';
import { AllowedHosts } from './allowedHosts';
import { WeComIntegration } from './types';

const configIntegration = (
  apiBaseUrl: string,
  wsUrl?: string,
): WeComIntegration => ({
  id: 'acme',
  name: 'ACME',
  mode: 'customApp',
  corpId: 'ww1',
  apiBaseUrl,
  warRoom: { enabled: false },
  source: 'config',
  ...(wsUrl && {
    bot: { mode: 'longConnection', botId: 'aib1', secret: 's', wsUrl },
  }),
});

const hosts = (
  allowedApiHosts?: string[],
  integrations: WeComIntegration[] = [],
) =>
  AllowedHosts.fromConfig(
    new ConfigReader({ wecom: allowedApiHosts ? { allowedApiHosts } : {} }),
    { integrations, suites: [] },
  );

describe('AllowedHosts', () => {
  it("allows WeCom's public hosts by default, over encrypted connections only", () => {
    const allowed = hosts();
    expect(
      allowed.problem('https://qyapi.weixin.qq.com', 'apiBaseUrl'),
    ).toBeUndefined();
    expect(
      allowed.problem('wss://openws.work.weixin.qq.com', 'bot.wsUrl'),
    ).toBeUndefined();
    expect(allowed.problem('http://qyapi.weixin.qq.com', 'apiBaseUrl')).toBe(
      'apiBaseUrl: qyapi.weixin.qq.com is allowed only over an encrypted connection (https:// or wss://)',
    );
    // Another port of the same host is another service.
    expect(
      allowed.problem('https://qyapi.weixin.qq.com:6379', 'apiBaseUrl'),
    ).toMatch(
      /^apiBaseUrl: qyapi\.weixin\.qq\.com:6379 is not an allowed WeCom host/,
    );
    expect(allowed.problem('http://10.0.0.5:6379', 'apiBaseUrl')).toMatch(
      /10\.0\.0\.5:6379 is not an allowed WeCom host.*wecom\.allowedApiHosts/,
    );
  });

  it('always allows the hosts app-config integrations name, with their ports', () => {
    const allowed = hosts(undefined, [
      configIntegration('http://localhost:7701', 'ws://localhost:7702/ws'),
    ]);
    expect(
      allowed.problem('http://localhost:7701/prefix', 'apiBaseUrl'),
    ).toBeUndefined();
    expect(
      allowed.problem('ws://localhost:7702/other', 'bot.wsUrl'),
    ).toBeUndefined();
    expect(allowed.problem('http://localhost:7703', 'apiBaseUrl')).toMatch(
      /not an allowed WeCom host/,
    );
  });

  it('replaces the defaults with wecom.allowedApiHosts, in any case, with or without the default port', () => {
    const allowed = hosts(['WeCom.Example.com', 'wecom.example.com:8443']);
    expect(
      allowed.problem('https://wecom.example.com:443', 'apiBaseUrl'),
    ).toBeUndefined();
    expect(
      allowed.problem('http://wecom.example.com', 'apiBaseUrl'),
    ).toBeUndefined();
    expect(
      allowed.problem('https://wecom.example.com:8443', 'apiBaseUrl'),
    ).toBeUndefined();
    expect(
      allowed.problem('https://qyapi.weixin.qq.com', 'apiBaseUrl'),
    ).toMatch(/not an allowed WeCom host/);
  });

  it('refuses an entry that is not a host at start-up, and wildcards: secrets go to named hosts only', () => {
    expect(() => hosts(['not a host!'])).toThrow(
      /Invalid wecom.allowedApiHosts\[0\]: "not a host!" is not a host name/,
    );
    expect(() => hosts(['wecom.example.com', '*.example.com'])).toThrow(
      /Invalid wecom.allowedApiHosts\[1\]: "\*\.example\.com" names no single host/,
    );
  });
});

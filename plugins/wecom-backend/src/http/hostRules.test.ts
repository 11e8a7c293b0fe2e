import { HostRules, hostRuleOf, parseHostRule } from './hostRules';

const parse = (
  entry: string,
  options: Partial<Parameters<typeof parseHostRule>[1]> = {},
) =>
  parseHostRule(entry, {
    where: 'test.hosts[0]',
    bare: 'any',
    wildcards: false,
    ...options,
  });

const verdict = (rules: HostRules, url: string) => rules.verdict(new URL(url));

describe('host rules', () => {
  it('reads a host, a host with a port and a URL, in any case', () => {
    expect(parse('WeCom.Example.com')).toEqual({
      host: 'wecom.example.com',
      port: undefined,
      encryptedOnly: false,
    });
    expect(parse('wecom.example.com:8443').port).toBe('8443');
    // The default port of the scheme is the same as none.
    expect(parse('wecom.example.com:443').port).toBeUndefined();
    expect(parse('wss://openws.work.weixin.qq.com')).toEqual({
      host: 'openws.work.weixin.qq.com',
      port: undefined,
      encryptedOnly: true,
    });
    expect(
      parse('media.example.com', { bare: 'encrypted' }).encryptedOnly,
    ).toBe(true);
  });

  it('refuses what is not a host, and wildcards where they are not allowed', () => {
    for (const bad of [
      'not a host!',
      'ftp://files.example.com',
      'user@wecom.example.com',
      'a*b.example.com',
      '',
    ]) {
      expect(() => parse(bad)).toThrow(
        `Invalid test.hosts[0]: "${bad}" is not a host name`,
      );
    }
    expect(() => parse('*.example.com')).toThrow(
      /names no single host; wildcards are not allowed here/,
    );
    for (const bad of ['*.com', '*.*.example.com', '*.']) {
      expect(() => parse(bad, { wildcards: true })).toThrow(
        /is not a host name/,
      );
    }
  });

  it('matches a host on its default ports, or on the port it names', () => {
    const rules = new HostRules([
      parse('wecom.example.com'),
      parse('api.example.com:8443'),
      hostRuleOf('http://localhost:7701/prefix'),
    ]);
    expect(verdict(rules, 'https://wecom.example.com/x')).toBe('allowed');
    expect(verdict(rules, 'http://wecom.example.com:80/x')).toBe('allowed');
    expect(verdict(rules, 'wss://wecom.example.com')).toBe('allowed');
    expect(verdict(rules, 'https://wecom.example.com:8080')).toBe('unlisted');
    expect(verdict(rules, 'https://api.example.com:8443')).toBe('allowed');
    expect(verdict(rules, 'https://api.example.com')).toBe('unlisted');
    expect(verdict(rules, 'ws://localhost:7701/ws')).toBe('allowed');
    expect(verdict(rules, 'http://localhost:7702')).toBe('unlisted');
    expect(verdict(rules, 'https://wecom.example.com.evil.example')).toBe(
      'unlisted',
    );
  });

  it('keeps an encrypted-only host off plain connections', () => {
    const rules = new HostRules([hostRuleOf('https://qyapi.weixin.qq.com')]);
    expect(verdict(rules, 'https://qyapi.weixin.qq.com/cgi-bin')).toBe(
      'allowed',
    );
    expect(verdict(rules, 'http://qyapi.weixin.qq.com/cgi-bin')).toBe(
      'unencrypted',
    );
    // Named again without the restriction: the less strict rule holds.
    const twice = new HostRules([
      hostRuleOf('https://qyapi.weixin.qq.com'),
      parse('qyapi.weixin.qq.com'),
    ]);
    expect(verdict(twice, 'http://qyapi.weixin.qq.com')).toBe('allowed');
    expect(twice.labels()).toEqual(['qyapi.weixin.qq.com']);
  });

  it('matches subdomains of a wildcard, not the domain or look-alikes', () => {
    const rules = new HostRules([
      parse('*.myqcloud.com', { wildcards: true, bare: 'encrypted' }),
    ]);
    expect(
      verdict(rules, 'https://ww-aibot-img-1.cos.ap-guangzhou.myqcloud.com/a'),
    ).toBe('allowed');
    expect(verdict(rules, 'https://myqcloud.com/a')).toBe('unlisted');
    expect(verdict(rules, 'https://evilmyqcloud.com/a')).toBe('unlisted');
    expect(verdict(rules, 'https://myqcloud.com.evil.example/a')).toBe(
      'unlisted',
    );
    expect(verdict(rules, 'http://a.myqcloud.com/a')).toBe('unencrypted');
  });
});

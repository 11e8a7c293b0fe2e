import {
  checkWeComIntegrationField,
  wecomIntegrationFieldSchemas,
} from './integrationFields';

describe('checkWeComIntegrationField', () => {
  it('accepts what WeCom shows in its admin console', () => {
    expect(checkWeComIntegrationField('id', 'acme-eu_2')).toBeUndefined();
    expect(checkWeComIntegrationField('corpId', 'ww0123456789abcdef')).toBe(
      undefined,
    );
    expect(checkWeComIntegrationField('agentId', 1000002)).toBeUndefined();
    expect(checkWeComIntegrationField('token', 'tok3n')).toBeUndefined();
    expect(
      checkWeComIntegrationField('encodingAESKey', 'a'.repeat(43)),
    ).toBeUndefined();
    expect(
      checkWeComIntegrationField('botWsUrl', 'wss://openws.example.com'),
    ).toBeUndefined();
    expect(
      checkWeComIntegrationField('apiBaseUrl', 'http://10.0.0.5:8080'),
    ).toBeUndefined();
  });

  it('trims an address pasted with spaces, and refuses white space inside it', () => {
    expect(
      wecomIntegrationFieldSchemas.apiBaseUrl.parse(
        ' https://qyapi.weixin.qq.com \n',
      ),
    ).toBe('https://qyapi.weixin.qq.com');
    expect(
      wecomIntegrationFieldSchemas.botWsUrl.parse(
        '\twss://openws.example.com ',
      ),
    ).toBe('wss://openws.example.com');
    for (const value of [
      'https://qyapi.weixin.qq.com/cgi\n-bin',
      'https://qy api.weixin.qq.com',
      'https://qyapi.weixin.qq.com/\tx',
    ]) {
      expect(checkWeComIntegrationField('apiBaseUrl', value)).toMatch(
        /^Endpoint must start/,
      );
    }
  });

  it('answers the rule a value breaks, worded for the person fixing it', () => {
    expect(checkWeComIntegrationField('id', 'Acme')).toMatch(/^Id must start/);
    expect(checkWeComIntegrationField('corpId', 'ww-123')).toMatch(
      /^Corp ID must be letters and digits/,
    );
    for (const agentId of [0, -3, 1.5, Number.NaN, 1e20]) {
      expect(checkWeComIntegrationField('agentId', agentId)).toBe(
        'AgentId must be a positive whole number, e.g. 1000002',
      );
    }
    expect(checkWeComIntegrationField('encodingAESKey', 'short')).toBe(
      'EncodingAESKey must be exactly 43 letters or digits',
    );
    expect(checkWeComIntegrationField('apiBaseUrl', 'ftp://x')).toMatch(
      /^Endpoint must start with http:\/\/ or https:\/\//,
    );
    expect(checkWeComIntegrationField('botWsUrl', 'wss://')).toMatch(
      /^Long-connection address must start with ws:\/\/ or wss:\/\//,
    );
  });
});

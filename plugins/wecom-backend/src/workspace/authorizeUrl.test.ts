import { WECOM_PUBLIC_API_BASE_URL } from 'backstage-plugin-wecom-common';
import { buildAuthorizeUrl } from './authorizeUrl';

describe('buildAuthorizeUrl', () => {
  const options = {
    app: { corpId: 'ww0123456789abcdef', agentId: 1000002 },
    redirectUri:
      'https://backstage.example.com/api/wecom/integrations/acme/workspace/callback?redirect=/catalog',
    state: 'abc123',
  };

  it('uses open.weixin.qq.com for WeCom’s public cloud, as WeCom documents the URL', () => {
    expect(
      buildAuthorizeUrl({ ...options, apiBaseUrl: WECOM_PUBLIC_API_BASE_URL }),
    ).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww0123456789abcdef&redirect_uri=https%3A%2F%2Fbackstage.example.com%2Fapi%2Fwecom%2Fintegrations%2Facme%2Fworkspace%2Fcallback%3Fredirect%3D%2Fcatalog&response_type=code&scope=snsapi_base&state=abc123&agentid=1000002#wechat_redirect',
    );
  });

  it('names a third-party app’s suite_id as appid and no agent (page 91120)', () => {
    expect(
      buildAuthorizeUrl({
        ...options,
        app: { suiteId: 'wwsuite0000000001' },
        apiBaseUrl: WECOM_PUBLIC_API_BASE_URL,
      }),
    ).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wwsuite0000000001&redirect_uri=https%3A%2F%2Fbackstage.example.com%2Fapi%2Fwecom%2Fintegrations%2Facme%2Fworkspace%2Fcallback%3Fredirect%3D%2Fcatalog&response_type=code&scope=snsapi_base&state=abc123#wechat_redirect',
    );
  });

  it('uses a private deployment’s own host', () => {
    expect(
      buildAuthorizeUrl({ ...options, apiBaseUrl: 'http://localhost:7701/' }),
    ).toMatch(/^http:\/\/localhost:7701\/connect\/oauth2\/authorize\?appid=/);
  });
});

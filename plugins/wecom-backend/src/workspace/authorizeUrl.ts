import { WECOM_PUBLIC_API_BASE_URL } from 'backstage-plugin-wecom-common';

/** Where WeCom's public cloud serves the OAuth2 page (not the API host). */
export const WECOM_PUBLIC_OAUTH_BASE_URL = 'https://open.weixin.qq.com';

/**
 * WeCom's OAuth2 authorize URL, parameters in the order WeCom documents and
 * with the `#wechat_redirect` it requires. A private deployment serves the
 * page on its own API host. A custom app names its corp and agent; a
 * third-party app names its suite_id as `appid` and no agent (page 91120,
 * 构造第三方应用oauth2链接), and the code is redeemed with the suite token.
 */
export function buildAuthorizeUrl(options: {
  apiBaseUrl: string;
  redirectUri: string;
  state: string;
  app: { corpId: string; agentId: number } | { suiteId: string };
}): string {
  const base =
    options.apiBaseUrl === WECOM_PUBLIC_API_BASE_URL
      ? WECOM_PUBLIC_OAUTH_BASE_URL
      : options.apiBaseUrl.replace(/\/+$/, '');
  const { app } = options;
  const query = [
    ['appid', 'suiteId' in app ? app.suiteId : app.corpId],
    ['redirect_uri', options.redirectUri],
    ['response_type', 'code'],
    ['scope', 'snsapi_base'],
    ['state', options.state],
    ...('suiteId' in app ? [] : [['agentid', String(app.agentId)]]),
  ]
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `${base}/connect/oauth2/authorize?${query}#wechat_redirect`;
}

import { WECOM_PUBLIC_API_BASE_URL } from 'backstage-plugin-wecom-common';

/** Where WeCom's public cloud serves the OAuth2 page (not the API host). */
export const WECOM_PUBLIC_OAUTH_BASE_URL = 'https://open.weixin.qq.com';

/**
 * WeCom's OAuth2 authorize URL for a custom app, parameters in the order
 * WeCom documents and with the `#wechat_redirect` it requires. A private
 * deployment serves the page on its own API host.
 */
export function buildAuthorizeUrl(options: {
  apiBaseUrl: string;
  corpId: string;
  agentId: number;
  redirectUri: string;
  state: string;
}): string {
  const base =
    options.apiBaseUrl === WECOM_PUBLIC_API_BASE_URL
      ? WECOM_PUBLIC_OAUTH_BASE_URL
      : options.apiBaseUrl.replace(/\/+$/, '');
  const query = [
    ['appid', options.corpId],
    ['redirect_uri', options.redirectUri],
    ['response_type', 'code'],
    ['scope', 'snsapi_base'],
    ['state', options.state],
    ['agentid', String(options.agentId)],
  ]
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `${base}/connect/oauth2/authorize?${query}#wechat_redirect`;
}

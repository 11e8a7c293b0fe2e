import {
  WECOM_PUBLIC_API_BASE_URL,
  WeComIntegrationView,
} from 'backstage-plugin-wecom-common';
import { WeComIntegration } from './types';

const state = (value: string | undefined) => (value ? 'set' : 'unset');

/**
 * The browser-safe form of an integration: secrets become `set`/`unset`,
 * and the URLs to paste into WeCom are filled in.
 */
export function toIntegrationView(
  integration: WeComIntegration,
  externalBaseUrl: string,
): WeComIntegrationView {
  const base = `${externalBaseUrl}/integrations/${encodeURIComponent(
    integration.id,
  )}`;
  return {
    id: integration.id,
    name: integration.name,
    mode: integration.mode,
    corpId: integration.corpId,
    agentId: integration.agentId,
    apiBaseUrl: integration.apiBaseUrl,
    privateDeployment: integration.apiBaseUrl !== WECOM_PUBLIC_API_BASE_URL,
    secret: state(integration.secret),
    callback: {
      token: state(integration.callback?.token),
      encodingAESKey: state(integration.callback?.encodingAESKey),
    },
    bot: {
      token: state(integration.bot?.token),
      encodingAESKey: state(integration.bot?.encodingAESKey),
    },
    warRoom: { enabled: integration.warRoom.enabled },
    suiteId: integration.suiteId,
    source: integration.source,
    urls: {
      callbackUrl: `${base}/callback`,
      botCallbackUrl: `${base}/bot-callback`,
      // A custom app's homepage signs members in through WeCom's OAuth2,
      // which redirects only to the app's trusted domain (this backend).
      ...(integration.mode === 'customApp' && {
        homepageUrl: `${base}/workspace`,
        trustedDomain: new URL(externalBaseUrl).host,
      }),
    },
    createdAt: integration.createdAt,
    updatedAt: integration.updatedAt,
  };
}

import {
  WECOM_PUBLIC_API_BASE_URL,
  WeComBotView,
  WeComIntegrationView,
  WeComSuiteAuthorizationView,
} from 'backstage-plugin-wecom-common';
import { SuiteAuthorization } from './SuiteStore';
import {
  WeComIntegration,
  WeComSuiteConfig,
  botCallbackKeys,
  botLongConnection,
} from './types';

const state = (value: string | undefined) => (value ? 'set' : 'unset');

/** The bot's transport and, for the long connection, its id and address. */
function toBotView(integration: WeComIntegration): WeComBotView {
  const keys = botCallbackKeys(integration);
  const connection = botLongConnection(integration);
  return {
    mode: integration.bot?.mode ?? 'callback',
    token: state(keys?.token),
    encodingAESKey: state(keys?.encodingAESKey),
    ...(connection && { botId: connection.botId }),
    secret: state(connection?.secret),
    ...(connection?.wsUrl && { wsUrl: connection.wsUrl }),
  };
}

/**
 * A third-party app's suite URLs, for the provider's console: the
 * instruction callback and the data callback, where the app's card clicks
 * arrive (page 91116).
 */
function suiteUrls(
  externalBaseUrl: string,
  suite: Pick<WeComSuiteConfig, 'suiteId'> | undefined,
) {
  if (!suite) return {};
  const base = `${externalBaseUrl}/suites/${encodeURIComponent(suite.suiteId)}`;
  return {
    suiteCallbackUrl: `${base}/callback`,
    suiteDataCallbackUrl: `${base}/data-callback`,
  };
}

/**
 * The browser-safe form of an integration: secrets become `set`/`unset`,
 * and the URLs to paste into WeCom are filled in.
 */
export function toIntegrationView(
  integration: WeComIntegration,
  externalBaseUrl: string,
  authorization?: SuiteAuthorization,
  suite?: Pick<WeComSuiteConfig, 'suiteId'>,
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
    bot: toBotView(integration),
    warRoom: { enabled: integration.warRoom.enabled },
    oneClickLink: {
      matchPersonalEmail: integration.oneClickLink?.matchPersonalEmail ?? false,
    },
    suiteId: integration.suiteId,
    ...(integration.mode === 'thirdPartyApp' && {
      authorization: toAuthorizationView(authorization),
    }),
    source: integration.source,
    urls: {
      callbackUrl: `${base}/callback`,
      // A bot on the long connection needs no public URL.
      ...(integration.bot?.mode !== 'longConnection' && {
        botCallbackUrl: `${base}/bot-callback`,
      }),
      // The app's homepage signs members in through WeCom's OAuth2, which
      // redirects only to the app's trusted domain (this backend): a custom
      // app's in the corp's console, a third-party app's in the suite's
      // settings (page 91121: else errcode 50001).
      homepageUrl: `${base}/workspace`,
      trustedDomain: new URL(externalBaseUrl).host,
      ...(integration.mode === 'thirdPartyApp' &&
        suiteUrls(externalBaseUrl, suite)),
    },
    createdAt: integration.createdAt,
    updatedAt: integration.updatedAt,
  };
}

/** A third-party app's authorization without its secret (the permanent code). */
function toAuthorizationView(
  authorization: SuiteAuthorization | undefined,
): WeComSuiteAuthorizationView {
  if (!authorization) return { status: 'pending' };
  return {
    status: authorization.cancelledAt ? 'cancelled' : 'authorized',
    corpName: authorization.corpName,
    agentId: authorization.agentId,
    scope: authorization.scope,
    authorizedAt: authorization.authorizedAt?.toISO() ?? undefined,
    cancelledAt: authorization.cancelledAt?.toISO() ?? undefined,
  };
}

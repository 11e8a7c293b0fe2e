import {
  WeComIntegrationMode,
  WeComIntegrationSource,
  WeComOneClickLinkSettings,
} from 'backstage-plugin-wecom-common';

/** A callback's shared secrets: WeCom's Token and EncodingAESKey. */
export interface CallbackKeys {
  token: string;
  encodingAESKey: string;
}

/** The smart bot reached through its callback URL. */
export interface BotCallbackSettings extends CallbackKeys {
  mode: 'callback';
}

/** The smart bot reached through a WebSocket the backend opens to WeCom. */
export interface BotLongConnectionSettings {
  mode: 'longConnection';
  botId: string;
  secret: string;
  /** A private deployment's address; WeCom's public one when absent. */
  wsUrl?: string;
}

/** How WeCom reaches the integration's smart bot, with its secrets. */
export type BotSettings = BotCallbackSettings | BotLongConnectionSettings;

/**
 * An integration with its secrets, as the backend uses it. Never send this
 * to a browser: `toIntegrationView` makes the safe form.
 */
export interface WeComIntegration {
  id: string;
  name: string;
  mode: WeComIntegrationMode;
  corpId: string;
  agentId?: number;
  secret?: string;
  apiBaseUrl: string;
  callback?: CallbackKeys;
  bot?: BotSettings;
  warRoom: { enabled: boolean };
  /** One-Click Link's matching; absent means the defaults (all off). */
  oneClickLink?: WeComOneClickLinkSettings;
  suiteId?: string;
  source: WeComIntegrationSource;
  createdAt?: string;
  updatedAt?: string;
}

/** A third-party app suite from configuration. */
export interface WeComSuiteConfig {
  suiteId: string;
  /** How the setup form names the suite; its id when absent. */
  name?: string;
  /** A private deployment's endpoint; WeCom's public one by default. */
  apiBaseUrl?: string;
  suiteSecret: string;
  token: string;
  encodingAESKey: string;
}

/** The bot's Token and EncodingAESKey when WeCom calls its callback URL. */
export function botCallbackKeys(
  integration: Pick<WeComIntegration, 'bot'>,
): CallbackKeys | undefined {
  const bot = integration.bot;
  return bot?.mode === 'callback'
    ? { token: bot.token, encodingAESKey: bot.encodingAESKey }
    : undefined;
}

/** The bot's long-connection settings, when it uses one. */
export function botLongConnection(
  integration: Pick<WeComIntegration, 'bot'>,
): BotLongConnectionSettings | undefined {
  return integration.bot?.mode === 'longConnection'
    ? integration.bot
    : undefined;
}

/**
 * How an integration reaches WeCom: a self-built app of one corp, or a
 * third-party (service provider) app installed by many corps.
 *
 * @public
 */
export type WeComIntegrationMode = 'customApp' | 'thirdPartyApp';

/**
 * Whether a write-only secret has a value. Secrets never leave the backend:
 * the browser only learns whether one is set.
 *
 * @public
 */
export type SecretState = 'set' | 'unset';

/**
 * How WeCom reaches an integration's smart bot: its `callback` URL (signed
 * with the bot's Token and EncodingAESKey) or a `longConnection`, a
 * WebSocket the backend opens to WeCom with the bot id and Secret, for
 * backends WeCom cannot reach.
 *
 * @public
 */
export type WeComBotTransport = 'callback' | 'longConnection';

/**
 * The smart bot of an integration as the browser sees it. Only the fields
 * of its `mode` can be set; the others are `unset` or absent.
 *
 * @public
 */
export interface WeComBotView {
  /** The transport; `callback` when no bot is set up. */
  mode: WeComBotTransport;
  /** Callback: the bot's Token. */
  token: SecretState;
  /** Callback: the bot's EncodingAESKey. */
  encodingAESKey: SecretState;
  /** Long connection: the bot's id (BotID); not a secret. */
  botId?: string;
  /** Long connection: the bot's Secret. */
  secret: SecretState;
  /** Long connection: a private deployment's WebSocket address. */
  wsUrl?: string;
}

/**
 * The smart bot part of {@link WeComIntegrationInput}. An omitted `mode`
 * keeps the stored one (`callback` for a new bot); on update an omitted
 * value keeps the stored one and an empty string clears it. Changing the
 * mode starts the bot's settings afresh.
 *
 * @public
 */
export interface WeComBotInput {
  mode?: WeComBotTransport;
  /** Callback: 1 to 32 letters or digits. */
  token?: string;
  /** Callback: 43 letters or digits. */
  encodingAESKey?: string;
  /** Long connection: the bot's id. */
  botId?: string;
  /** Long connection: the bot's Secret. */
  secret?: string;
  /** Long connection: `ws://` or `wss://`; WeCom's public address by default. */
  wsUrl?: string;
}

/**
 * Where an integration is defined: `config` (app-config.yaml, read-only in
 * the UI) or `database` (created through the setup form).
 *
 * @public
 */
export type WeComIntegrationSource = 'config' | 'database';

/**
 * The URLs an admin pastes into the WeCom admin console for an integration.
 *
 * @public
 */
export interface WeComIntegrationUrls {
  /** The custom app's "API receive" URL. */
  callbackUrl: string;
  /**
   * The smart bot's callback URL. Absent when the bot uses the long
   * connection (it needs no public URL).
   */
  botCallbackUrl?: string;
  /**
   * The custom app's homepage ("应用主页"): opening it in WeCom signs the
   * member in through WeCom's OAuth2 and links them to their Backstage user.
   * Absent in third-party app mode (the suite's homepage serves every corp).
   */
  homepageUrl?: string;
  /**
   * The host to enter as the app's trusted domain ("可信域名"): WeCom only
   * redirects OAuth2 logins to URLs on this host.
   */
  trustedDomain?: string;
  /**
   * Third-party app mode: the suite's instruction callback ("指令回调URL"),
   * which receives suite_ticket and the corps' authorizations.
   */
  suiteCallbackUrl?: string;
  /**
   * Third-party app mode: the suite's data callback ("数据回调URL"), which
   * receives the app's messages and events of every authorizing corp,
   * card clicks included. Both take the suite's Token and EncodingAESKey.
   */
  suiteDataCallbackUrl?: string;
}

/**
 * An integration as the browser sees it: every secret replaced by its state.
 *
 * @public
 */
export interface WeComIntegrationView {
  id: string;
  name: string;
  mode: WeComIntegrationMode;
  corpId: string;
  agentId?: number;
  apiBaseUrl: string;
  /** True when `apiBaseUrl` is not WeCom's public endpoint. */
  privateDeployment: boolean;
  secret: SecretState;
  callback: { token: SecretState; encodingAESKey: SecretState };
  bot: WeComBotView;
  warRoom: { enabled: boolean };
  /** How One-Click Link matches members; absent means the defaults. */
  oneClickLink?: WeComOneClickLinkSettings;
  /** Third-party app mode: the suite that serves this corp. */
  suiteId?: string;
  /** Third-party app mode: the corp's authorization of the suite. */
  authorization?: WeComSuiteAuthorizationView;
  source: WeComIntegrationSource;
  urls: WeComIntegrationUrls;
  createdAt?: string;
  updatedAt?: string;
}

/**
 * A third-party app's authorization by the corp, as the suite callbacks
 * (create_auth, change_auth, cancel_auth) left it. No secret: the permanent
 * code stays in the backend.
 *
 * - `pending`: the corp has not installed the app yet.
 * - `authorized`: cards, linking and sign-in work with `agentId`.
 * - `cancelled`: the corp removed the app; the integration is disabled
 *   until it installs the app again.
 *
 * @public
 */
export interface WeComSuiteAuthorizationView {
  /**
   * `pending` until the corp authorizes the app (`create_auth`), `cancelled`
   * after it removes it (`cancel_auth`): nothing is sent then.
   */
  status: 'pending' | 'authorized' | 'cancelled';
  /** The corp's name, as the authorization gave it. */
  corpName?: string;
  /** The app's agent id in the corp, from the authorization. */
  agentId?: number;
  /** The visible range the corp granted the app. */
  scope?: { allowParty?: number[]; allowUser?: string[]; allowTag?: number[] };
  /** When the corp last authorized the app (ISO 8601). */
  authorizedAt?: string;
  /** When the corp removed the app (ISO 8601). */
  cancelledAt?: string;
}

/**
 * A third-party suite configured by the Backstage admin (`wecom.suites`),
 * as `GET /suites` lists it for the setup form: never its secret, token or
 * EncodingAESKey.
 *
 * @public
 */
export interface WeComSuiteSummary {
  suiteId: string;
  /** `wecom.suites[].name`, when the admin gave one. */
  name?: string;
}

/**
 * The body of `POST /integrations` and `PUT /integrations/:id`. On update an
 * omitted secret keeps its stored value, unless the update changes where it
 * goes (`apiBaseUrl` for `secret`, `bot.botId` or `bot.wsUrl` for
 * `bot.secret`): then it must be given again. An empty string clears it.
 * `corpId` cannot change.
 *
 * @public
 */
export interface WeComIntegrationInput {
  id?: string;
  name: string;
  mode: WeComIntegrationMode;
  corpId: string;
  agentId?: number;
  secret?: string;
  apiBaseUrl?: string;
  callback?: { token?: string; encodingAESKey?: string };
  bot?: WeComBotInput;
  warRoom?: { enabled: boolean };
  /** Omitted: One-Click Link's defaults (no personal email). */
  oneClickLink?: WeComOneClickLinkSettings;
  suiteId?: string;
}

/**
 * How One-Click Link matches an integration's members.
 *
 * @public
 */
export interface WeComOneClickLinkSettings {
  /**
   * Also match a catalog email against members' personal email (WeCom's
   * `email`, not the corporate mailbox). Off by default: where members may
   * edit their own profile, one could enter a colleague's address and be
   * linked to the colleague's Backstage user. Turn on only if members
   * cannot edit their email in your corp.
   */
  matchPersonalEmail: boolean;
}

/**
 * One capability the health check tests, in the order of the setup guide.
 *
 * @public
 */
export type WeComHealthCheckId =
  | 'token'
  | 'visibility'
  | 'basicApi'
  | 'contactRead'
  | 'callback'
  | 'bot'
  | 'warRoomChat';

/**
 * The outcome of one health check step.
 *
 * @public
 */
export interface WeComHealthCheck {
  id: WeComHealthCheckId;
  title: string;
  /**
   * `unknown`: the step ran but WeCom's answer does not tell (an answer no
   * official page documents for the probe); it does not fail the report.
   */
  status: 'ok' | 'failed' | 'skipped' | 'unknown';
  /** What was found, in plain words. */
  message: string;
  /** What to change in the WeCom admin console when the step failed. */
  hint?: string;
  errcode?: number;
}

/**
 * The answer of `POST /integrations/:id/test`.
 *
 * @public
 */
export interface WeComHealthReport {
  integrationId: string;
  ok: boolean;
  checkedAt: string;
  checks: WeComHealthCheck[];
}

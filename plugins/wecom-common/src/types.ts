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
  /** The smart bot's callback URL. */
  botCallbackUrl: string;
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
  bot: { token: SecretState; encodingAESKey: SecretState };
  warRoom: { enabled: boolean };
  /** Third-party app mode: the suite that serves this corp. */
  suiteId?: string;
  source: WeComIntegrationSource;
  urls: WeComIntegrationUrls;
  createdAt?: string;
  updatedAt?: string;
}

/**
 * The body of `POST /integrations` and `PUT /integrations/:id`. On update an
 * omitted secret keeps its stored value; an empty string clears it.
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
  bot?: { token?: string; encodingAESKey?: string };
  warRoom?: { enabled: boolean };
  suiteId?: string;
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
  | 'callback';

/**
 * The outcome of one health check step.
 *
 * @public
 */
export interface WeComHealthCheck {
  id: WeComHealthCheckId;
  title: string;
  status: 'ok' | 'failed' | 'skipped';
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

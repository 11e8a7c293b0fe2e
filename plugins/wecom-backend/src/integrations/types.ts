import {
  WeComIntegrationMode,
  WeComIntegrationSource,
} from 'backstage-plugin-wecom-common';

/** A callback's shared secrets: WeCom's Token and EncodingAESKey. */
export interface CallbackKeys {
  token: string;
  encodingAESKey: string;
}

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
  bot?: CallbackKeys;
  warRoom: { enabled: boolean };
  suiteId?: string;
  source: WeComIntegrationSource;
  createdAt?: string;
  updatedAt?: string;
}

/** A third-party app suite from configuration. */
export interface WeComSuiteConfig {
  suiteId: string;
  /** A private deployment's endpoint; WeCom's public one by default. */
  apiBaseUrl?: string;
  suiteSecret: string;
  token: string;
  encodingAESKey: string;
}

import { Config } from '@backstage/config';
import { WECOM_PUBLIC_API_BASE_URL } from 'backstage-plugin-wecom-common';
import {
  HostRule,
  HostRules,
  hostRuleOf,
  parseHostRule,
} from '../http/hostRules';
import { WeComIntegration, WeComSuiteConfig, botLongConnection } from './types';

/**
 * WeCom's public long-connection address: `DEFAULT_WS_URL` in
 * `@wecom/aibot-node-sdk` (dist/index.cjs.js), used when `bot.wsUrl` is
 * absent.
 */
export const WECOM_PUBLIC_WS_URL = 'wss://openws.work.weixin.qq.com';

/**
 * The hosts the backend may send a stored integration's secrets to: its API
 * endpoint (`apiBaseUrl`: the app Secret, a suite's secrets) and its bot's
 * long connection (`bot.wsUrl`: the bot's Secret). Without this, anyone
 * allowed to edit integrations could point one at a server of their own,
 * which would receive the secrets and, answering as WeCom, vouch for any
 * member at the workspace login.
 *
 * `wecom.allowedApiHosts` replaces WeCom's public hosts; the hosts that
 * app-config's own integrations and suites name are always allowed (the
 * same people wrote them). A host without a port allows the default ports
 * only; one named with https:// or wss:// (WeCom's own) only encrypted
 * connections.
 */
export class AllowedHosts {
  readonly #rules: HostRules;

  private constructor(rules: HostRule[]) {
    this.#rules = new HostRules(rules);
  }

  static fromConfig(
    config: Config,
    named: { integrations: WeComIntegration[]; suites: WeComSuiteConfig[] },
  ): AllowedHosts {
    const key = 'wecom.allowedApiHosts';
    const listed = config.getOptionalStringArray(key)?.map((entry, i) =>
      // Where secrets go: each host by name, no wildcards.
      parseHostRule(entry, {
        where: `${key}[${i}]`,
        bare: 'any',
        wildcards: false,
      }),
    );
    return AllowedHosts.of(listed, named);
  }

  /** `listed` (or WeCom's public hosts) plus the hosts config names. */
  static of(
    listed: HostRule[] | undefined,
    named: { integrations: WeComIntegration[]; suites?: WeComSuiteConfig[] },
  ): AllowedHosts {
    const urls = [
      ...named.integrations.flatMap(integration => {
        const bot = botLongConnection(integration);
        return [
          integration.apiBaseUrl,
          ...(bot ? [bot.wsUrl ?? WECOM_PUBLIC_WS_URL] : []),
        ];
      }),
      ...(named.suites ?? []).map(
        suite => suite.apiBaseUrl ?? WECOM_PUBLIC_API_BASE_URL,
      ),
    ];
    const wecom = [WECOM_PUBLIC_API_BASE_URL, WECOM_PUBLIC_WS_URL];
    return new AllowedHosts([
      ...(listed ?? wecom.map(url => hostRuleOf(url))),
      ...urls.map(url => hostRuleOf(url)),
    ]);
  }

  /** Why `url` may not receive secrets, naming `field`; undefined if it may. */
  problem(url: string, field: string): string | undefined {
    const parsed = new URL(url);
    switch (this.#rules.verdict(parsed)) {
      case 'allowed':
        return undefined;
      case 'unencrypted':
        return `${field}: ${parsed.host} is allowed only over an encrypted connection (https:// or wss://)`;
      default:
        return `${field}: ${
          parsed.host
        } is not an allowed WeCom host. The backend sends the integration's secrets there, so only the hosts in wecom.allowedApiHosts may be used (now ${this.#rules
          .labels()
          .join(
            ', ',
          )}); for a private deployment, ask whoever runs Backstage to add its host to wecom.allowedApiHosts in app-config`;
    }
  }
}

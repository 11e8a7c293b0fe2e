import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  WeComAppCredentials,
  WeComClient,
  WeComRateLimiter,
} from '../connector';
import { SuiteStore } from './SuiteStore';
import { WeComIntegration, WeComSuiteConfig } from './types';

/**
 * One `WeComClient` per integration, rebuilt when the integration changes.
 * Tokens live in the shared cache, so a rebuilt client loses nothing.
 */
export class WeComClientProvider {
  private readonly clients = new Map<string, WeComClient>();

  constructor(
    private readonly options: {
      cache: CacheService;
      logger: LoggerService;
      suites: WeComSuiteConfig[];
      suiteStore: SuiteStore;
      rateLimiter?: WeComRateLimiter;
    },
  ) {}

  forIntegration(integration: WeComIntegration): WeComClient {
    const existing = this.clients.get(integration.id);
    if (existing) return existing;
    const client = new WeComClient({
      credentials: this.credentials(integration),
      cache: this.options.cache,
      logger: this.options.logger.child({ integration: integration.id }),
      rateLimiter: this.options.rateLimiter,
    });
    this.clients.set(integration.id, client);
    return client;
  }

  /** Drops the client of a changed or deleted integration. */
  forget(integrationId: string) {
    this.clients.delete(integrationId);
  }

  private credentials(integration: WeComIntegration): WeComAppCredentials {
    const base = {
      integrationId: integration.id,
      mode: integration.mode,
      corpId: integration.corpId,
      agentId: integration.agentId,
      secret: integration.secret,
      apiBaseUrl: integration.apiBaseUrl,
    };
    if (integration.mode !== 'thirdPartyApp') return base;
    return {
      ...base,
      suite: this.options.suiteStore.credentialsFor(this.suiteFor(integration)),
    };
  }

  private suiteFor(integration: WeComIntegration): WeComSuiteConfig {
    const { suites } = this.options;
    const only = suites.length === 1 ? suites[0] : undefined;
    const suite = integration.suiteId
      ? suites.find(s => s.suiteId === integration.suiteId)
      : only;
    if (!suite) {
      throw new InputError(
        `Integration "${
          integration.id
        }" is a third-party app but no matching suite is configured under wecom.suites${
          suites.length > 1 ? ' (set suiteId on the integration)' : ''
        }`,
      );
    }
    return suite;
  }
}

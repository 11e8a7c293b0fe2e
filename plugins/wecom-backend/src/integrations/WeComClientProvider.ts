import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  WeComAppCredentials,
  WeComClient,
  WeComRateLimiter,
} from '../connector';
import { AllowedHosts } from './allowedHosts';
import { destinationProblems, findSuite } from './secretDestinations';
import { SuiteStore } from './SuiteStore';
import { WeComIntegration, WeComSuiteConfig } from './types';
import { VersionedCache, settingsDigest } from './VersionedCache';

/**
 * One `WeComClient` per integration, rebuilt when the integration's
 * settings change, on whichever replica saved them: callers pass the
 * integration as just read from the store, and the client is keyed by a
 * digest of what it was built from. Tokens live in the shared cache under
 * keys that name the endpoint and a fingerprint of the secret, so a
 * rebuilt client loses nothing and never gets a token of the old secret.
 */
export class WeComClientProvider {
  private readonly clients = new VersionedCache<WeComClient>();

  constructor(
    private readonly options: {
      cache: CacheService;
      logger: LoggerService;
      suites: WeComSuiteConfig[];
      suiteStore: SuiteStore;
      rateLimiter?: WeComRateLimiter;
      /** Where stored integrations may send secrets; unchecked without. */
      allowedHosts?: AllowedHosts;
    },
  ) {}

  forIntegration(integration: WeComIntegration): WeComClient {
    const { id, mode, corpId, agentId, secret, apiBaseUrl, suiteId } =
      integration;
    return this.clients.get(
      id,
      settingsDigest(mode, corpId, agentId, secret, apiBaseUrl, suiteId),
      () => {
        this.assertDestinations(integration);
        return new WeComClient({
          credentials: this.credentials(integration),
          cache: this.options.cache,
          logger: this.options.logger.child({ integration: id }),
          rateLimiter: this.options.rateLimiter,
        });
      },
    );
  }

  /**
   * Frees the client of a changed or deleted integration on this replica;
   * the digest is what keeps a stale one from being used, on every replica.
   */
  forget(integrationId: string) {
    this.clients.delete(integrationId);
  }

  /**
   * Saving checks this too; checked again for rows saved before the check
   * existed or an allow-list narrowed since.
   */
  private assertDestinations(integration: WeComIntegration) {
    const { allowedHosts, suites } = this.options;
    if (integration.source === 'config' || !allowedHosts) return;
    const problems = destinationProblems(integration, { allowedHosts, suites });
    if (problems.length) {
      throw new InputError(
        `Integration "${
          integration.id
        }" is not used until its settings are fixed in the setup form: ${problems.join(
          '; ',
        )}`,
      );
    }
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
    const suite = findSuite(integration, suites);
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

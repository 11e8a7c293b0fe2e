import {
  CacheService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { createWeComRateLimiter } from '../connector';
import { AllowedHosts } from './allowedHosts';
import { AppAgents } from './appAgent';
import { readConfigIntegrations, readConfigSuites } from './config';
import { DatabaseIntegrationStore } from './DatabaseIntegrationStore';
import { IntegrationIndex } from './IntegrationIndex';
import { IntegrationService } from './IntegrationService';
import { IntegrationStateStore } from './IntegrationStateStore';
import { readRateLimits } from './rateLimitConfig';
import { SecretSealer } from './sealing';
import { SuiteAuthCodeStore } from './SuiteAuthCodeStore';
import { SuiteStore } from './SuiteStore';
import { WeComClientProvider } from './WeComClientProvider';
import { WeComSuiteConfig } from './types';

/** The integrations (custom apps, third-party apps and their suites) and their clients. */
export interface IntegrationServices {
  integrations: IntegrationService;
  /** The integrations, cached for the public callback URLs. */
  integrationIndex: IntegrationIndex;
  /** The agent a (third-party) integration acts as, and its authorization. */
  appAgents: AppAgents;
  state: IntegrationStateStore;
  /** One WeCom API client per integration, rate limited across replicas. */
  clients: WeComClientProvider;
  /** The hosts secrets may be sent to (`wecom.allowedApiHosts`). */
  allowedHosts: AllowedHosts;
  /** `wecom.suites` from app-config. */
  suites: WeComSuiteConfig[];
  /** What each suite's authorizations left (permanent codes, corp tokens). */
  suiteStore: SuiteStore;
  /** Auth codes of a suite callback, kept until exchanged. */
  authCodes: SuiteAuthCodeStore;
}

/**
 * Builds the integrations from app-config and the database. Stored
 * secrets are sealed with `wecom.secretsKey`; without it only the
 * integrations of app-config work.
 */
export async function createIntegrationServices(deps: {
  config: RootConfigService;
  logger: LoggerService;
  cache: CacheService;
  knex: Knex;
}): Promise<IntegrationServices> {
  const { config, logger, cache, knex } = deps;
  const secretsKey = config.getOptionalString('wecom.secretsKey');
  const sealer = secretsKey
    ? SecretSealer.fromPassphrase(secretsKey)
    : undefined;
  const requireSealer = () => {
    if (!sealer) {
      throw new Error(
        'wecom.secretsKey is not set: stored integrations cannot be opened',
      );
    }
    return sealer;
  };
  if (!sealer) {
    logger.warn(
      'wecom.secretsKey is not set: the setup form cannot store integrations; only those in app-config work',
    );
  }

  const configIntegrations = readConfigIntegrations(config);
  const suites = readConfigSuites(config);
  // The hosts secrets may be sent to (wecom.allowedApiHosts).
  const allowedHosts = AllowedHosts.fromConfig(config, {
    integrations: configIntegrations,
    suites,
  });
  const integrations = new IntegrationService(
    configIntegrations,
    new DatabaseIntegrationStore(knex, requireSealer),
    Boolean(sealer),
    { allowedHosts, suites },
  );
  const state = new IntegrationStateStore(knex);
  const suiteStore = new SuiteStore(knex, requireSealer);
  const authCodes = new SuiteAuthCodeStore(knex, requireSealer);
  const appAgents = new AppAgents(suiteStore, suites);
  const clients = new WeComClientProvider({
    cache,
    logger,
    allowedHosts,
    suites,
    suiteStore,
    rateLimiter: await createWeComRateLimiter({
      knex,
      limits: readRateLimits(config),
    }),
  });
  integrations.onChange(id => clients.forget(id));
  const integrationIndex = new IntegrationIndex(integrations);
  integrations.onChange(() => integrationIndex.invalidate());

  return {
    integrations,
    integrationIndex,
    appAgents,
    state,
    clients,
    allowedHosts,
    suites,
    suiteStore,
    authCodes,
  };
}

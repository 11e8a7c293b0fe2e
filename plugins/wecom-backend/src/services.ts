import {
  AuthService,
  CacheService,
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { WeComWorkspaceIdentitySigner } from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { CallbackDispatcher } from './callbacks/CallbackDispatcher';
import { CallbackJobQueue } from './callbacks/CallbackJobQueue';
import { CallbackReceiptStore } from './callbacks/CallbackReceiptStore';
import { CallbackService } from './callbacks/CallbackService';
import { SuiteCallbackService } from './callbacks/SuiteCallbackService';
import { createWeComRateLimiter } from './connector';
import { openDatabase } from './database/migrations';
import {
  readConfigIntegrations,
  readConfigSuites,
} from './integrations/config';
import { DatabaseIntegrationStore } from './integrations/DatabaseIntegrationStore';
import { IntegrationService } from './integrations/IntegrationService';
import { IntegrationStateStore } from './integrations/IntegrationStateStore';
import { SecretSealer } from './integrations/sealing';
import { SuiteStore } from './integrations/SuiteStore';
import { WeComClientProvider } from './integrations/WeComClientProvider';
import { DatabaseLinkStore } from './linking/DatabaseLinkStore';
import { LinkStore } from './linking/LinkStore';
import {
  LinkingServices,
  createLinkingServices,
} from './linking/createLinkingServices';
import { OAuthStateSigner } from './workspace/OAuthStateSigner';
import { UsedOAuthStateStore } from './workspace/UsedOAuthStateStore';
import { WorkspaceLoginService } from './workspace/WorkspaceLoginService';
import { WorkspaceTicketStore } from './workspace/WorkspaceTicketStore';

/** The plugin's services, built once at start-up. */
export interface WeComServices {
  integrations: IntegrationService;
  state: IntegrationStateStore;
  clients: WeComClientProvider;
  callbacks: CallbackService;
  suiteCallbacks: SuiteCallbackService;
  dispatcher: CallbackDispatcher;
  links: LinkStore;
  linking: LinkingServices;
  workspaceLogin: WorkspaceLoginService;
  settings: { maxBodyBytes: number; maxClockSkewSeconds: number };
}

/** Builds the areas from the core services; `plugin.ts` only wires. */
export async function createWeComServices(deps: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  cache: CacheService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
}): Promise<WeComServices> {
  const { config, logger, cache, scheduler } = deps;
  const knex = await openDatabase(deps.database);

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

  const settings = {
    maxBodyBytes:
      config.getOptionalNumber('wecom.callbacks.maxBodyBytes') ?? 64 * 1024,
    maxClockSkewSeconds:
      config.getOptionalNumber('wecom.callbacks.maxClockSkewSeconds') ?? 300,
  };

  const integrations = new IntegrationService(
    readConfigIntegrations(config),
    new DatabaseIntegrationStore(knex, requireSealer),
    Boolean(sealer),
  );
  const state = new IntegrationStateStore(knex);
  const suites = readConfigSuites(config);
  const suiteStore = new SuiteStore(knex, requireSealer);
  const clients = new WeComClientProvider({
    cache,
    logger,
    suites,
    suiteStore,
    rateLimiter: await createWeComRateLimiter({ knex }),
  });
  integrations.onChange(id => clients.forget(id));

  const links = new DatabaseLinkStore(knex);
  const linking = createLinkingServices({
    ...deps,
    knex,
    links,
    integrations,
    clients,
  });
  const workspaceLogin = new WorkspaceLoginService({
    integrations,
    clients,
    links,
    usedStates: new UsedOAuthStateStore(knex),
    tickets: new WorkspaceTicketStore(knex),
    signers: secretsKey
      ? {
          state: OAuthStateSigner.fromSecretsKey(secretsKey),
          identity: WeComWorkspaceIdentitySigner.fromSecretsKey(secretsKey),
        }
      : undefined,
    // Without app.baseUrl the app is served by the backend (app-backend).
    appBaseUrl: (
      config.getOptionalString('app.baseUrl') ??
      config.getString('backend.baseUrl')
    ).replace(/\/+$/, ''),
    logger: logger.child({ area: 'workspace-login' }),
  });

  const queue = new CallbackJobQueue(knex);
  const receipts = new CallbackReceiptStore(knex);
  const dispatcher = new CallbackDispatcher(queue, logger);
  const callbacks = new CallbackService({
    integrations,
    state,
    receipts,
    dispatcher,
    logger,
    maxClockSkewSeconds: settings.maxClockSkewSeconds,
  });
  const suiteCallbacks = new SuiteCallbackService({
    suites,
    suiteStore,
    cache,
    logger,
    maxClockSkewSeconds: settings.maxClockSkewSeconds,
  });

  // Each replica drains the queue (claims decide who runs a job); retries
  // and jobs left by a crashed replica are picked up here.
  await scheduler.scheduleTask({
    id: 'wecom-callback-queue',
    frequency: { seconds: 10 },
    timeout: { minutes: 5 },
    scope: 'local',
    fn: () => dispatcher.kick(),
  });
  await scheduler.scheduleTask({
    id: 'wecom-callback-prune',
    frequency: { hours: 1 },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      const dayAgo = DateTime.utc().minus({ days: 1 });
      await receipts.prune(dayAgo);
      await queue.prune(dayAgo.minus({ days: 6 }));
      await workspaceLogin.prune();
    },
  });

  return {
    integrations,
    state,
    clients,
    callbacks,
    suiteCallbacks,
    dispatcher,
    links,
    linking,
    workspaceLogin,
    settings,
  };
}

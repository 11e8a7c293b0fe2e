import {
  IncidentCardServices,
  createIncidentCardServices,
} from './incidentCards/createIncidentCardServices';
import {
  AuditorService,
  AuthService,
  CacheService,
  DatabaseService,
  DiscoveryService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  WeComIncidentAnalyzer,
  WeComIncidentProvider,
  WeComWorkspaceIdentitySigner,
} from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { BackstageLinkedUserAccess } from './access/BackstageLinkedUserAccess';
import { CallbackDispatcher } from './callbacks/CallbackDispatcher';
import { CallbackJobQueue } from './callbacks/CallbackJobQueue';
import { CallbackReceiptStore } from './callbacks/CallbackReceiptStore';
import { CallbackService } from './callbacks/CallbackService';
import { SuiteCallbackService } from './callbacks/SuiteCallbackService';
import { SuiteDataCallbackService } from './callbacks/SuiteDataCallbackService';
import { createWeComRateLimiter } from './connector';
import { openDatabase } from './database/migrations';
import { AlertmanagerReceiver } from './incidents/alertmanager/AlertmanagerReceiver';
import { createIncidentServices } from './incidents/createIncidentServices';
import { IncidentService } from './incidents/IncidentService';
import {
  readConfigIntegrations,
  readConfigSuites,
} from './integrations/config';
import { AllowedHosts } from './integrations/allowedHosts';
import { DatabaseIntegrationStore } from './integrations/DatabaseIntegrationStore';
import { IntegrationService } from './integrations/IntegrationService';
import { IntegrationStateStore } from './integrations/IntegrationStateStore';
import { SecretSealer } from './integrations/sealing';
import { AppAgents } from './integrations/appAgent';
import { SuiteStore } from './integrations/SuiteStore';
import { SuiteAuthCodeStore } from './integrations/SuiteAuthCodeStore';
import { WeComClientProvider } from './integrations/WeComClientProvider';
import { readRateLimits } from './integrations/rateLimitConfig';
import { DatabaseLinkStore } from './linking/DatabaseLinkStore';
import { createCards } from './incidentCards/cards/createCards';
import { createCardDelivery } from './incidentCards/delivery/createCardDelivery';
import { readOutboxClaimTimeout } from './incidentCards/delivery/config';
import { OutboxCardDelivery } from './incidentCards/delivery/OutboxCardDelivery';
import { OutboxWorker } from './incidentCards/delivery/OutboxWorker';
import { TemplateCardRenderer } from './incidentCards/cards/TemplateCardRenderer';
import { CardTemplateService } from './incidentCards/templates/CardTemplateService';
import { DatabasePreferencesStore } from './recipients/DatabasePreferencesStore';
import { PreferencesStore } from './recipients/PreferencesStore';
import { LinkStore } from './linking/LinkStore';
import {
  LinkingServices,
  createLinkingServices,
} from './linking/createLinkingServices';
import { OAuthStateSigner } from './workspace/OAuthStateSigner';
import { UsedOAuthStateStore } from './workspace/UsedOAuthStateStore';
import { WorkspaceLoginService } from './workspace/WorkspaceLoginService';
import { WorkspaceTicketStore } from './workspace/WorkspaceTicketStore';
import { WorkspaceTicketBinder } from './workspace/browserBinding';
import {
  WorkspaceRateLimiter,
  readWorkspaceRateLimit,
} from './workspace/WorkspaceRateLimiter';
import { FallbackIncidentAnalyzer } from './aiSre/analyzers/FallbackIncidentAnalyzer';
import { createAnalyzer } from './aiSre/createAnalyzer';
import { DefaultIncidentContextBuilder } from './aiSre/DefaultIncidentContextBuilder';
import { secretValuesOf } from './aiSre/redaction';
import { createWarRoomServices } from './warRooms/createWarRoomServices';
import { WarRoomService } from './warRooms/WarRoomService';
import { DatabaseConversationLog } from './aiSre/conversations/DatabaseConversationLog';
import { createPostmortemService } from './aiSre/postmortems/createPostmortemService';
import { PostmortemService } from './aiSre/postmortems/PostmortemService';
import { BotConnectionLock } from './aiSre/bot/longConnection/BotConnectionLock';
import { LongConnectionManager } from './aiSre/bot/longConnection/LongConnectionManager';
import { BotServices, createBotServices } from './aiSre/bot/createBotServices';
import { createBotCommands } from './aiSre/bot/commands';

/** The plugin's services, built once at start-up. */
export interface WeComServices {
  integrations: IntegrationService;
  /** The agent a (third-party) integration acts as, and its authorization. */
  appAgents: AppAgents;
  state: IntegrationStateStore;
  clients: WeComClientProvider;
  callbacks: CallbackService;
  suiteCallbacks: SuiteCallbackService;
  suiteDataCallbacks: SuiteDataCallbackService;
  dispatcher: CallbackDispatcher;
  links: LinkStore;
  linking: LinkingServices;
  /** Each user's own notification settings (`/preferences/me`). */
  preferences: PreferencesStore;
  workspaceLogin: WorkspaceLoginService;
  /** Per-client budgets of the unauthenticated workspace-login routes. */
  workspaceRateLimiter: WorkspaceRateLimiter;
  /** Incidents, whichever provider holds them. */
  incidents: IncidentService;
  /** The provider in use: a module's (extension point) or the database one. */
  incidentProvider: WeComIncidentProvider;
  alertmanager: AlertmanagerReceiver;
  /** Builds incident cards (the notifications' CardRenderer). */
  cards: TemplateCardRenderer;
  /** Card templates per integration and service (`/templates`). */
  cardTemplates: CardTemplateService;
  /** Sends incident cards through the outbox and keeps them up to date. */
  cardDelivery: OutboxCardDelivery;
  /** Sends what the outbox holds; stopped on shutdown. */
  outboxWorker: OutboxWorker;
  /** Routing, escalation and the orchestrator subscribed to incidents. */
  notifications: IncidentCardServices;
  /** War Rooms: a WeCom group chat per incident. */
  warRooms: WarRoomService;
  /** WeCom's WebSocket long connections of smart bots in `longConnection` mode. */
  botLongConnections: LongConnectionManager;
  /** Who holds each bot's long connection; the health check reads it. */
  botConnectionLeases: BotConnectionLock;
  /** Post-mortems of closed incidents, written by the analyzer. */
  postmortems: PostmortemService;
  /** The smart bot: its conversation (both transports) and callback. */
  bot: BotServices;
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
  /** Card clicks and the bot ask the permission policy as the linked user. */
  permissions: PermissionsService;
  /** Finds the auth backend, which signs linked users in (`wecom` provider). */
  discovery: DiscoveryService;
  /** Audits the incident changes made by WeCom card clicks. */
  auditor: AuditorService;
  /** Set by a module through `wecomIncidentsExtensionPoint`. */
  incidentProvider?: WeComIncidentProvider;
  /** Set by a module through `wecomAnalyzerExtensionPoint`. */
  analyzer?: WeComIncidentAnalyzer;
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

  // Without app.baseUrl the app is served by the backend (app-backend).
  const appBaseUrl = (
    config.getOptionalString('app.baseUrl') ??
    config.getString('backend.baseUrl')
  ).replace(/\/+$/, '');

  const links = new DatabaseLinkStore(knex);
  const identitySigner = secretsKey
    ? WeComWorkspaceIdentitySigner.fromSecretsKey(secretsKey)
    : undefined;
  // WeCom callbacks and bot messages carry no Backstage token: what they do
  // is decided by the permission policy for the member's linked user.
  const linkedUsers = BackstageLinkedUserAccess.create({
    config,
    links,
    signer: identitySigner,
    discovery: deps.discovery,
    auth: deps.auth,
    permissions: deps.permissions,
    logger: logger.child({ area: 'linked-user-access' }),
  });
  const preferences = new DatabasePreferencesStore(knex);
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
    appAgents,
    links,
    usedStates: new UsedOAuthStateStore(knex),
    tickets: new WorkspaceTicketStore(knex),
    signers: secretsKey
      ? {
          state: OAuthStateSigner.fromSecretsKey(secretsKey),
          ticket: WorkspaceTicketBinder.fromSecretsKey(secretsKey),
          identity: WeComWorkspaceIdentitySigner.fromSecretsKey(secretsKey),
        }
      : undefined,
    appBaseUrl,
    logger: logger.child({ area: 'workspace-login' }),
  });

  const incidentServices = await createIncidentServices({
    knex,
    logger,
    scheduler,
    provider: deps.incidentProvider,
  });

  const { cards, cardTemplates } = createCards({
    config,
    knex,
    logger,
    integrations,
  });

  const queue = new CallbackJobQueue(knex);
  const receipts = new CallbackReceiptStore(knex);
  const dispatcher = new CallbackDispatcher(queue, logger);
  const callbacks = new CallbackService({
    integrations,
    state,
    dispatcher,
    logger,
    maxClockSkewSeconds: settings.maxClockSkewSeconds,
  });
  const {
    cardDelivery,
    clickHandler,
    worker: outboxWorker,
  } = await createCardDelivery({
    knex,
    provider: incidentServices.incidentProvider,
    renderer: cards,
    targets: async id => {
      const integration = await integrations.get(id);
      if (!integration) return undefined;
      // A third-party app's agent comes from the corp's authorization.
      const agent = await appAgents.of(integration);
      return {
        client: clients.forIntegration(integration),
        agentId: agent.agentId,
        problem: agent.problem,
      };
    },
    access: linkedUsers,
    logger,
    scheduler,
    claimTimeout: readOutboxClaimTimeout(config),
    auditor: deps.auditor,
  });
  dispatcher.addAppEventHandler(clickHandler);
  const notifications = await createIncidentCardServices({
    config,
    logger,
    knex,
    scheduler,
    catalog: deps.catalog,
    auth: deps.auth,
    integrations,
    links,
    incidents: incidentServices.incidentProvider,
    delivery: cardDelivery,
    preferences,
  });
  // `wecom.aiSre`: the built-in analyzer or an OpenAI-compatible server; a
  // module's analyzer (wecomAnalyzerExtensionPoint) replaces it. When it
  // fails, the built-in one answers with a note.
  const analyzers = createAnalyzer({
    config,
    logger: logger.child({ area: 'ai-sre' }),
    appBaseUrl,
    knownSecrets: async () => [
      ...(await integrations.list()).flatMap(secretValuesOf),
      ...secretValuesOf(suites),
    ],
  });
  const primaryAnalyzer = deps.analyzer ?? analyzers.analyzer;
  const analyzer = new FallbackIncidentAnalyzer({
    primary: primaryAnalyzer,
    fallback: analyzers.builtIn,
    logger: logger.child({ area: 'ai-sre' }),
  });
  const incidentContexts = new DefaultIncidentContextBuilder({
    incidents: incidentServices.incidentProvider,
    catalog: deps.catalog,
    auth: deps.auth,
    appBaseUrl,
    logger: logger.child({ area: 'ai-sre' }),
  });
  const { warRooms } = createWarRoomServices({
    config,
    logger,
    knex,
    catalog: deps.catalog,
    auth: deps.auth,
    integrations,
    clients,
    links,
    incidents: incidentServices.incidents,
    incidentProvider: incidentServices.incidentProvider,
    analyzer,
    contexts: incidentContexts,
    appBaseUrl,
  });
  // What the bot saw in chats: follow-up questions and post-mortems read it.
  const conversations = new DatabaseConversationLog(knex);
  const postmortems = createPostmortemService({
    config,
    logger,
    knex,
    incidents: incidentServices.incidents,
    contextBuilder: incidentContexts,
    conversations,
    analyzer,
    warRooms,
    integrations,
    clients,
    appBaseUrl,
  });
  // The smart bot: commands first, else the analyzer; plugin.ts registers
  // the callback handler after the modules' bot handlers.
  const bot = await createBotServices({
    config,
    logger,
    knex,
    scheduler,
    integrations,
    clients,
    appAgents,
    links,
    incidentProvider: incidentServices.incidentProvider,
    conversationLog: conversations,
    // The bot falls back itself: not when its answer was aborted.
    analyzer: primaryAnalyzer,
    fallbackAnalyzer: analyzers.builtIn,
    // Questions read as the asker (wecom.incident.read, their catalog view).
    contexts: incidentContexts,
    access: linkedUsers,
    commands: createBotCommands({
      provider: incidentServices.incidentProvider,
      catalog: deps.catalog,
      auth: deps.auth,
      access: linkedUsers,
      resolver: notifications.resolver,
      escalation: notifications.settings.escalation,
      integrations,
      notificationIntegration: notifications.settings.integration,
      auditor: deps.auditor,
      logger: logger.child({ area: 'ai-sre-bot' }),
      appBaseUrl,
    }),
  });
  // Bots in long-connection mode: one replica holds each WebSocket.
  const botConnectionLeases = new BotConnectionLock(knex);
  const botLongConnections = new LongConnectionManager({
    integrations,
    allowedHosts,
    lock: botConnectionLeases,
    conversation: bot.conversation,
    receipts,
    logger: logger.child({ area: 'ai-sre-bot-long-connection' }),
  });
  const suiteCallbacks = new SuiteCallbackService({
    suites,
    suiteStore,
    authCodes,
    cache,
    logger,
    maxClockSkewSeconds: settings.maxClockSkewSeconds,
  });
  // A third-party app's events come in on its suite's data callback and go
  // the way a custom app's callbacks go.
  const suiteDataCallbacks = new SuiteDataCallbackService({
    suites,
    suiteStore,
    integrations,
    appEvents: callbacks.appEvents,
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
  // Auth codes of create_auth / reset_permanent_code that a replica
  // recorded but did not exchange (it died after answering): claims decide.
  await scheduler.scheduleTask({
    id: 'wecom-suite-auth-codes',
    frequency: { seconds: 15 },
    timeout: { minutes: 5 },
    scope: 'local',
    fn: () => suiteCallbacks.exchange.kick(),
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
      await authCodes.prune(dayAgo.minus({ days: 6 }));
    },
  });

  return {
    integrations,
    appAgents,
    state,
    clients,
    callbacks,
    suiteCallbacks,
    suiteDataCallbacks,
    dispatcher,
    links,
    linking,
    preferences,
    workspaceLogin,
    // After the connector's limiter, which creates the shared table.
    workspaceRateLimiter: await WorkspaceRateLimiter.create({
      knex,
      limit: readWorkspaceRateLimit(config),
    }),
    ...incidentServices,
    cards,
    cardTemplates,
    cardDelivery,
    outboxWorker,
    notifications,
    warRooms,
    postmortems,
    bot,
    botLongConnections,
    botConnectionLeases,
    settings,
  };
}

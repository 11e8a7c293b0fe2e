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
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  WeComAppEventHandler,
  WeComBotMessageHandler,
  WeComIncidentAnalyzer,
  WeComIncidentProvider,
  WeComWorkspaceIdentitySigner,
} from 'backstage-plugin-wecom-node';
import { BackstageLinkedUserAccess } from './access/BackstageLinkedUserAccess';
import { createAnalyzerServices } from './aiSre/createAnalyzerServices';
import { createBotCommands } from './aiSre/bot/commands';
import { BotServices, createBotServices } from './aiSre/bot/createBotServices';
import { BotConnectionLock } from './aiSre/bot/longConnection/BotConnectionLock';
import { createBotLongConnectionServices } from './aiSre/bot/longConnection/createBotLongConnectionServices';
import { LongConnectionManager } from './aiSre/bot/longConnection/LongConnectionManager';
import { createPostmortemService } from './aiSre/postmortems/createPostmortemService';
import { PostmortemService } from './aiSre/postmortems/PostmortemService';
import { AnalyticsFigures } from './analytics/cachedAnalytics';
import { createAnalyticsServices } from './analytics/createAnalyticsServices';
import { CallbackDispatcher } from './callbacks/CallbackDispatcher';
import { CallbackService } from './callbacks/CallbackService';
import { RefusalLog } from './callbacks/RefusalLog';
import { createCallbackServices } from './callbacks/createCallbackServices';
import { SuiteCallbackService } from './callbacks/SuiteCallbackService';
import { SuiteDataCallbackService } from './callbacks/SuiteDataCallbackService';
import { openDatabase } from './database/migrations';
import {
  CatalogVisibility,
  catalogVisibility,
} from './catalog/catalogVisibility';
import {
  createEscalationPolicySource,
  createEscalationServices,
} from './escalation/createEscalationServices';
import { EscalationPolicyService } from './escalation/EscalationPolicyService';
import {
  chooseIntegration,
  readNotificationIntegration,
} from './incidentCards/chooseIntegration';
import { TemplateCardRenderer } from './incidentCards/cards/TemplateCardRenderer';
import { createIncidentCardServices } from './incidentCards/createIncidentCardServices';
import { OutboxCardDelivery } from './incidentCards/delivery/OutboxCardDelivery';
import { OutboxWorker } from './incidentCards/delivery/OutboxWorker';
import { startIncidentCardOrchestrator } from './incidentCards/startIncidentCardOrchestrator';
import { CardTemplateService } from './incidentCards/templates/CardTemplateService';
import { AlertmanagerReceiver } from './incidents/alertmanager/AlertmanagerReceiver';
import { createIncidentServices } from './incidents/createIncidentServices';
import { IncidentService } from './incidents/IncidentService';
import { AppAgents } from './integrations/appAgent';
import { createIntegrationServices } from './integrations/createIntegrationServices';
import { IntegrationService } from './integrations/IntegrationService';
import { IntegrationStateStore } from './integrations/IntegrationStateStore';
import { WeComClientProvider } from './integrations/WeComClientProvider';
import { WeComSuiteConfig } from './integrations/types';
import {
  LinkingServices,
  createLinkingServices,
} from './linking/createLinkingServices';
import { DatabaseLinkStore } from './linking/DatabaseLinkStore';
import { LinkStore } from './linking/LinkStore';
import {
  OnCallServices,
  createOnCallServices,
} from './oncall/createOnCallServices';
import { createRecipientServices } from './recipients/createRecipientServices';
import { PreferencesStore } from './recipients/PreferencesStore';
import { ScheduleOnCallSource } from './oncall/contracts';
import { DatabasePreferencesStore } from './recipients/DatabasePreferencesStore';
import { createScheduleServices } from './schedules/createScheduleServices';
import { WeComDisplacedOverrideNotifier } from './schedules/displacedOverrideNotice';
import { ScheduleService } from './schedules/ScheduleService';
import { SchedulePager } from './schedules/router';
import { createWarRoomServices } from './warRooms/createWarRoomServices';
import { WarRoomService } from './warRooms/WarRoomService';
import { createWorkspaceLoginServices } from './workspace/createWorkspaceLoginServices';
import { WorkspaceLoginService } from './workspace/WorkspaceLoginService';
import { WorkspaceRateLimiter } from './workspace/WorkspaceRateLimiter';

/** What the routers and plugin.ts use, built once at start-up. */
export interface WeComServices {
  integrations: IntegrationService;
  /** The agent a (third-party) integration acts as, and its authorization. */
  appAgents: AppAgents;
  state: IntegrationStateStore;
  clients: WeComClientProvider;
  callbacks: CallbackService;
  suiteCallbacks: SuiteCallbackService;
  suiteDataCallbacks: SuiteDataCallbackService;
  /** Runs the callback handlers (callbacks/registerCallbackHandlers.ts). */
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
  /** Builds incident cards. */
  cards: TemplateCardRenderer;
  /** Card templates per integration and service (`/templates`). */
  cardTemplates: CardTemplateService;
  /** Sends incident cards through the outbox and keeps them up to date. */
  /** Who is on call for an entity: the route, the bot, cards and War Rooms. */
  onCall: OnCallServices;
  cardDelivery: OutboxCardDelivery;
  /** Sends what the outbox holds; stopped on shutdown. */
  outboxWorker: OutboxWorker;
  /** Escalation policies per service (`/escalation-policies`). */
  /** `wecom.suites`: the third-party suites this backend serves. */
  suites: WeComSuiteConfig[];
  /** Refusals of the callback URLs: one summary line a minute, counted. */
  refusals: RefusalLog;
  escalationPolicies: EscalationPolicyService;
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
  /** On-call schedules (`/schedules`). */
  schedules: ScheduleService;
  /** The escalation policies that page a schedule, with their owners. */
  schedulePagedBy: (scheduleId: string) => Promise<SchedulePager[]>;
  /** What the catalog shows a caller, read with their own credentials. */
  catalogVisibility: CatalogVisibility;
  /** Who is on call in a schedule: on-call, escalation and the cards ask it. */
  scheduleOnCall: ScheduleOnCallSource;
  /** `wecom.callbacks.*`: body size and clock skew of the callback routes. */
  settings: { maxBodyBytes: number; maxClockSkewSeconds: number };
  /** Insights: incidents, MTTA, MTTR and paging per team or service. */
  analytics: AnalyticsFigures;
}

/**
 * The composition root: builds each area with its `create*Services`
 * factory (which also schedules the area's own tasks) and hands each the
 * parts of the others it needs. `plugin.ts` only wires the result.
 */
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
  /** Counts refused callbacks (`wecom.callbacks.refused`). */
  metrics?: MetricsService;
  /** Set by a module through `wecomIncidentsExtensionPoint`. */
  incidentProvider?: WeComIncidentProvider;
  /** Set by a module through `wecomAnalyzerExtensionPoint`. */
  analyzer?: WeComIncidentAnalyzer;
  /** Set by modules through `wecomCallbacksExtensionPoint`. */
  moduleAppEventHandlers?: WeComAppEventHandler[];
  moduleBotMessageHandlers?: WeComBotMessageHandler[];
}): Promise<WeComServices> {
  const { config, logger, scheduler, catalog, auth } = deps;
  const knex = await openDatabase(deps.database);
  // Without app.baseUrl the app is served by the backend (app-backend).
  const appBaseUrl = (
    config.getOptionalString('app.baseUrl') ??
    config.getString('backend.baseUrl')
  ).replace(/\/+$/, '');

  // Integrations, their secrets and API clients: every other area uses them.
  const integrationServices = await createIntegrationServices({
    ...deps,
    knex,
  });
  const { integrations, clients, appAgents } = integrationServices;

  // Links between Backstage users and WeCom members.
  const links = new DatabaseLinkStore(knex);
  const linking = createLinkingServices({
    ...deps,
    knex,
    links,
    integrations,
    clients,
  });
  // WeCom callbacks and bot messages carry no Backstage token: what they do
  // is decided by the permission policy for the member's linked user.
  // One signer of the workspace identity, shared with workspace login.
  const secretsKey = config.getOptionalString('wecom.secretsKey');
  const identitySigner = secretsKey
    ? WeComWorkspaceIdentitySigner.fromSecretsKey(secretsKey)
    : undefined;
  const linkedUsers = BackstageLinkedUserAccess.create({
    config,
    links,
    signer: identitySigner,
    discovery: deps.discovery,
    auth,
    permissions: deps.permissions,
    logger: logger.child({ area: 'linked-user-access' }),
  });
  // After the integrations: its rate limiter uses the connector's table.
  const workspace = await createWorkspaceLoginServices({
    config,
    logger,
    knex,
    scheduler,
    integrations,
    clients,
    appAgents,
    links,
    appBaseUrl,
    identitySigner,
  });

  // Stored escalation policies and on-call schedules: who is on call when,
  // and who is paged in which order; later areas ask them. A schedule a
  // policy pages is not deleted from under it.
  const policySource = createEscalationPolicySource({
    logger,
    knex,
    catalog,
    auth,
  });
  const notificationIntegration = readNotificationIntegration(config);
  const scheduleServices = createScheduleServices({
    knex,
    catalog,
    namedBy: id => policySource.store.namingSchedule(id),
    notices: new WeComDisplacedOverrideNotifier({
      integrationFor: async () =>
        (await chooseIntegration(integrations, notificationIntegration))
          .integrationId,
      optedOut: async userEntityRef =>
        // The store reads the table each time: a second instance is the same.
        (await new DatabasePreferencesStore(knex).optedOut([userEntityRef]))
          .size > 0,
      memberOf: async (integrationId, userEntityRef) =>
        // Compared case-insensitively: a link keeps the catalog's spelling.
        (await links.listByUsers(integrationId, [userEntityRef]))[0]
          ?.wecomUserId,
      send: async (integrationId, message) => {
        const integration = await integrations.get(integrationId);
        if (!integration) throw new Error('the integration no longer exists');
        await clients.forIntegration(integration).sendMessage(message);
      },
      logger: logger.child({ area: 'schedules' }),
    }),
  });

  const incidentServices = await createIncidentServices({
    knex,
    logger,
    scheduler,
    provider: deps.incidentProvider,
  });
  const { incidents, incidentProvider } = incidentServices;

  // Who is on call: one answer for the route, the bot, the cards' default
  // recipients and War Room responders; it starts with the entity's policy.
  const onCall = createOnCallServices({
    catalog,
    auth,
    links,
    preferences: new DatabasePreferencesStore(knex),
    schedules: scheduleServices.scheduleOnCall,
    policies: policySource,
    integrationFor: async () =>
      (await chooseIntegration(integrations, notificationIntegration))
        .integrationId,
  });

  // Incident cards: who gets them, how they look and are sent, escalation,
  // and the orchestrator that turns incident changes into all of that.
  const recipients = createRecipientServices({
    knex,
    catalog,
    auth,
    links,
    onCall: onCall.resolver,
  });
  const incidentCards = await createIncidentCardServices({
    config,
    discovery: deps.discovery,
    logger,
    knex,
    scheduler,
    integrations,
    appAgents,
    clients,
    incidentProvider,
    access: linkedUsers,
    auditor: deps.auditor,
  });
  const escalation = await createEscalationServices({
    config,
    logger,
    knex,
    scheduler,
    catalog,
    auth,
    schedules: scheduleServices.scheduleOnCall,
    policySource,
    incidents: incidentProvider,
    resolver: recipients.resolver,
    delivery: incidentCards.cardDelivery,
    metrics: deps.metrics,
  });
  startIncidentCardOrchestrator({
    logger,
    catalog,
    auth,
    integrations,
    incidents: incidentProvider,
    resolver: recipients.resolver,
    delivery: incidentCards.cardDelivery,
    escalation: escalation.escalation,
    configuredIntegration: notificationIntegration,
  });

  // AI SRE: analyzers, War Rooms, post-mortems and the smart bot.
  const analyzers = createAnalyzerServices({
    config,
    logger,
    knex,
    catalog,
    auth,
    integrations,
    suites: integrationServices.suites,
    incidentProvider,
    moduleAnalyzer: deps.analyzer,
    appBaseUrl,
  });
  const { warRooms } = createWarRoomServices({
    config,
    logger,
    knex,
    catalog,
    auth,
    integrations,
    clients,
    links,
    onCall: onCall.resolver,
    incidents,
    incidentProvider,
    analyzer: analyzers.analyzer,
    contexts: analyzers.incidentContexts,
    appBaseUrl,
  });
  const postmortems = createPostmortemService({
    config,
    logger,
    knex,
    incidents,
    contextBuilder: analyzers.incidentContexts,
    conversations: analyzers.conversations,
    analyzer: analyzers.analyzer,
    warRooms,
    integrations,
    clients,
    appBaseUrl,
  });
  // The smart bot: commands first, else the analyzer.
  const bot = await createBotServices({
    config,
    logger,
    knex,
    scheduler,
    integrations,
    clients,
    appAgents,
    links,
    incidentProvider,
    conversationLog: analyzers.conversations,
    // The bot falls back itself: not when its answer was aborted.
    analyzer: analyzers.primaryAnalyzer,
    fallbackAnalyzer: analyzers.builtIn,
    // Questions read as the asker (wecom.incident.read, their catalog view).
    contexts: analyzers.incidentContexts,
    access: linkedUsers,
    commands: createBotCommands({
      provider: incidentProvider,
      catalog,
      auth,
      access: linkedUsers,
      resolver: recipients.resolver,
      onCall: onCall.resolver,
      escalation: escalation.settings,
      integrations,
      notificationIntegration,
      auditor: deps.auditor,
      logger: logger.child({ area: 'ai-sre-bot' }),
      appBaseUrl,
    }),
  });

  // WeCom's callbacks, with every handler the areas above built.
  const callbackServices = await createCallbackServices({
    ...integrationServices,
    config,
    logger,
    metrics: deps.metrics,
    knex,
    cache: deps.cache,
    scheduler,
    handlers: {
      cardClicks: incidentCards.clickHandler,
      aiSreBot: bot.callbackHandler,
      moduleAppEvents: deps.moduleAppEventHandlers ?? [],
      moduleBotMessages: deps.moduleBotMessageHandlers ?? [],
    },
  });
  // Bots in long-connection mode: one replica holds each WebSocket.
  const longConnections = createBotLongConnectionServices({
    logger,
    knex,
    integrations,
    allowedHosts: integrationServices.allowedHosts,
    conversation: bot.conversation,
    receipts: callbackServices.receipts,
  });

  return {
    integrations,
    appAgents,
    state: integrationServices.state,
    clients,
    callbacks: callbackServices.callbacks,
    suiteCallbacks: callbackServices.suiteCallbacks,
    suiteDataCallbacks: callbackServices.suiteDataCallbacks,
    dispatcher: callbackServices.dispatcher,
    settings: callbackServices.settings,
    refusals: callbackServices.refusals,
    suites: integrationServices.suites,
    links,
    linking,
    preferences: recipients.preferences,
    ...workspace,
    ...incidentServices,
    cards: incidentCards.cards,
    cardTemplates: incidentCards.cardTemplates,
    cardDelivery: incidentCards.cardDelivery,
    outboxWorker: incidentCards.outboxWorker,
    onCall,
    escalationPolicies: escalation.policies,
    warRooms,
    postmortems,
    bot,
    ...scheduleServices,
    schedulePagedBy: id => policySource.store.pagingSchedule(id),
    catalogVisibility: catalogVisibility(catalog),
    ...longConnections,
    ...createAnalyticsServices({ knex, catalog, auth }),
  };
}

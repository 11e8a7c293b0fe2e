import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  WeComIncidentAnalyzer,
  WeComIncidentProvider,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { LinkedUserAccess } from '../../access/LinkedUserAccess';
import { IntegrationService } from '../../integrations/IntegrationService';
import { WeComClientProvider } from '../../integrations/WeComClientProvider';
import { botCallbackKeys } from '../../integrations/types';
import { LinkStore } from '../../linking/LinkStore';
import { DatabaseWarRoomStore } from '../../warRooms/DatabaseWarRoomStore';
import { ConversationLog } from '../conversations/ConversationLog';
import { DatabaseConversationLog } from '../conversations/DatabaseConversationLog';
import { ScopedIncidentContexts } from '../IncidentContextBuilder';
import { AppAgents } from '../../integrations/appAgent';
import { AppMessageAskerMessenger } from './AskerMessenger';
import { BotCallbackHandler, BotCallbackTimings } from './BotCallbackHandler';
import { BotCommands } from './BotCommands';
import { BotMediaFetcher, DEFAULT_MAX_MEDIA_BYTES } from './BotMediaFetcher';
import { BotUrlPolicy } from './BotUrlPolicy';
import { DatabaseBotStreamStore } from './DatabaseBotStreamStore';
import { DefaultBotConversation } from './DefaultBotConversation';
import { MarkdownGuardedConversation } from './MarkdownGuardedConversation';
import { HttpResponseUrlPoster } from './ResponseUrlPoster';
import { BotConversation } from './types';

/** The smart bot's parts, built once at start-up. */
export interface BotServices {
  /**
   * What both transports hand messages to (the long connection too); what
   * it says is guarded as untrusted markdown ({@link MarkdownGuardedConversation}).
   */
  conversation: BotConversation;
  /**
   * Answers the bot callback. Register it after the modules' handlers, so
   * a module's own bot handler can still answer first.
   */
  callbackHandler: BotCallbackHandler;
  /** Shutdown: answers in progress are finished with a note. */
  stop(): Promise<void>;
}

/** Builds the bot over the callback and schedules its housekeeping. */
export async function createBotServices(deps: {
  config: Config;
  logger: LoggerService;
  knex: Knex;
  scheduler: SchedulerService;
  integrations: IntegrationService;
  /** The custom app's client: late answers whose response URL failed. */
  clients: Pick<WeComClientProvider, 'forIntegration'>;
  /** The app's agent of an integration (third-party: from its authorization). */
  appAgents?: Pick<AppAgents, 'of'>;
  links: LinkStore;
  incidentProvider: WeComIncidentProvider;
  /** Where the bot keeps what it saw and said (post-mortems read it). */
  conversationLog: ConversationLog;
  /** The configured analyzer (`wecom.aiSre.analyzer`). */
  analyzer: WeComIncidentAnalyzer;
  /** The built-in analyzer, which answers when the configured one fails. */
  fallbackAnalyzer: WeComIncidentAnalyzer;
  /** The analyzer's reads, limited to what each asker may see. */
  contexts: ScopedIncidentContexts;
  /** The asker's linked user and the permission policy's decisions. */
  access: LinkedUserAccess;
  commands?: BotCommands;
  /** Tests shorten the timings. */
  timings?: Partial<BotCallbackTimings>;
}): Promise<BotServices> {
  const logger = deps.logger.child({ area: 'ai-sre-bot' });
  // Media and response_url come from WeCom's messages: only WeCom's hosts.
  const urls = new BotUrlPolicy({
    integrations: deps.integrations,
    allowedHosts: deps.config.getOptionalStringArray(
      'wecom.aiSre.bot.allowedHosts',
    ),
  });
  const defaultConversation = new DefaultBotConversation({
    warRooms: new DatabaseWarRoomStore(deps.knex),
    incidents: deps.incidentProvider,
    links: deps.links,
    access: deps.access,
    log: deps.conversationLog,
    commands: deps.commands,
    analyzer: deps.analyzer,
    fallback: deps.fallbackAnalyzer,
    contexts: deps.contexts,
    media: new BotMediaFetcher({
      encodingAESKeyOf: async id => {
        const integration = await deps.integrations.get(id);
        return integration && botCallbackKeys(integration)?.encodingAESKey;
      },
      urls,
      maxBytes:
        deps.config.getOptionalNumber('wecom.aiSre.bot.maxMediaBytes') ??
        DEFAULT_MAX_MEDIA_BYTES,
    }),
    logger,
  });
  // Links in answers stay links only to the Backstage app.
  const conversation = new MarkdownGuardedConversation(defaultConversation, {
    allowedOrigins: [
      deps.config.getOptionalString('app.baseUrl') ??
        deps.config.getString('backend.baseUrl'),
    ],
  });
  const callbackHandler = new BotCallbackHandler({
    conversation,
    streams: new DatabaseBotStreamStore(deps.knex),
    responses: new HttpResponseUrlPoster({ urls }),
    askers: new AppMessageAskerMessenger({
      integrations: deps.integrations,
      clientOf: integration => deps.clients.forIntegration(integration),
      agentOf: deps.appAgents
        ? integration => deps.appAgents!.of(integration)
        : undefined,
    }),
    logger,
    timings: deps.timings,
  });

  // Answers that finished as WeCom stopped refreshing go to response_url;
  // the claim in the database lets exactly one replica post each.
  await deps.scheduler.scheduleTask({
    id: 'wecom-bot-late-answers',
    frequency: { seconds: 30 },
    timeout: { minutes: 2 },
    scope: 'local',
    fn: () => callbackHandler.deliverLateAnswers(),
  });
  await deps.scheduler.scheduleTask({
    id: 'wecom-bot-streams-prune',
    frequency: { hours: 1 },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      await callbackHandler.prune();
      // The conversation log's lines are in the same database.
      await new DatabaseConversationLog(deps.knex).prune(DateTime.utc());
    },
  });

  return {
    conversation,
    callbackHandler,
    async stop() {
      // The interrupted note goes in first; then the models stop.
      const finishing = callbackHandler.stop();
      defaultConversation.stop();
      await finishing;
    },
  };
}

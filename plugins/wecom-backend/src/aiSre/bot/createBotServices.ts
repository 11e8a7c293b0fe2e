import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  WeComIncidentAnalyzer,
  WeComIncidentProvider,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { IntegrationService } from '../../integrations/IntegrationService';
import { botCallbackKeys } from '../../integrations/types';
import { LinkStore } from '../../linking/LinkStore';
import { DatabaseWarRoomStore } from '../../warRooms/DatabaseWarRoomStore';
import { ConversationLog } from '../conversations/ConversationLog';
import { IncidentContextBuilder } from '../IncidentContextBuilder';
import { BotCallbackHandler, BotCallbackTimings } from './BotCallbackHandler';
import { BotCommands } from './BotCommands';
import { BotMediaFetcher, DEFAULT_MAX_MEDIA_BYTES } from './BotMediaFetcher';
import { DatabaseBotStreamStore } from './DatabaseBotStreamStore';
import { DefaultBotConversation } from './DefaultBotConversation';
import { HttpResponseUrlPoster } from './ResponseUrlPoster';

/** The smart bot's parts, built once at start-up. */
export interface BotServices {
  /** What both transports hand messages to (the long connection too). */
  conversation: DefaultBotConversation;
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
  links: LinkStore;
  incidentProvider: WeComIncidentProvider;
  /** Where the bot keeps what it saw and said (post-mortems read it). */
  conversationLog: ConversationLog;
  /** The configured analyzer (`wecom.aiSre.analyzer`). */
  analyzer: WeComIncidentAnalyzer;
  /** The built-in analyzer, which answers when the configured one fails. */
  fallbackAnalyzer: WeComIncidentAnalyzer;
  contextBuilder: IncidentContextBuilder;
  commands?: BotCommands;
  /** Tests shorten the timings. */
  timings?: Partial<BotCallbackTimings>;
}): Promise<BotServices> {
  const logger = deps.logger.child({ area: 'ai-sre-bot' });
  const conversation = new DefaultBotConversation({
    warRooms: new DatabaseWarRoomStore(deps.knex),
    incidents: deps.incidentProvider,
    links: deps.links,
    log: deps.conversationLog,
    commands: deps.commands,
    analyzer: deps.analyzer,
    fallback: deps.fallbackAnalyzer,
    context: deps.contextBuilder,
    media: new BotMediaFetcher({
      encodingAESKeyOf: async id => {
        const integration = await deps.integrations.get(id);
        return integration && botCallbackKeys(integration)?.encodingAESKey;
      },
      maxBytes:
        deps.config.getOptionalNumber('wecom.aiSre.bot.maxMediaBytes') ??
        DEFAULT_MAX_MEDIA_BYTES,
    }),
    logger,
  });
  const callbackHandler = new BotCallbackHandler({
    conversation,
    streams: new DatabaseBotStreamStore(deps.knex),
    responses: new HttpResponseUrlPoster(),
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
    },
  });

  return {
    conversation,
    callbackHandler,
    async stop() {
      // The interrupted note goes in first; then the models stop.
      const finishing = callbackHandler.stop();
      conversation.stop();
      await finishing;
    },
  };
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { CallbackReceiptStore } from '../../../callbacks/CallbackReceiptStore';
import { AllowedHosts } from '../../../integrations/allowedHosts';
import { IntegrationService } from '../../../integrations/IntegrationService';
import { BotConversation } from '../types';
import { BotConnectionLock } from './BotConnectionLock';
import { LongConnectionManager } from './LongConnectionManager';

/** Smart bots in `longConnection` mode: WeCom's WebSocket instead of a callback URL. */
export interface BotLongConnectionServices {
  /** Started and stopped with the plugin (lifecycle hooks in plugin.ts). */
  botLongConnections: LongConnectionManager;
  /** Who holds each bot's long connection; the health check reads it. */
  botConnectionLeases: BotConnectionLock;
}

/** One replica holds each bot's WebSocket; the lock says which. */
export function createBotLongConnectionServices(deps: {
  logger: LoggerService;
  knex: Knex;
  integrations: IntegrationService;
  allowedHosts: AllowedHosts;
  /** The AI SRE bot's conversation, as the bot callback uses it. */
  conversation: BotConversation;
  /** Messages seen once, shared with the callbacks. */
  receipts: CallbackReceiptStore;
}): BotLongConnectionServices {
  const botConnectionLeases = new BotConnectionLock(deps.knex);
  const botLongConnections = new LongConnectionManager({
    integrations: deps.integrations,
    allowedHosts: deps.allowedHosts,
    lock: botConnectionLeases,
    conversation: deps.conversation,
    receipts: deps.receipts,
    logger: deps.logger.child({ area: 'ai-sre-bot-long-connection' }),
  });
  return { botLongConnections, botConnectionLeases };
}

import {
  WeComAppEventHandler,
  WeComBotMessageHandler,
} from 'backstage-plugin-wecom-node';
import { CallbackDispatcher } from './CallbackDispatcher';

/**
 * Every handler of WeCom's callbacks. The areas build them; callbacks/
 * only takes them as handlers, so it imports no feature area.
 */
export interface CallbackHandlers {
  /** incidentCards/delivery/cardClickHandler.ts */
  cardClicks: WeComAppEventHandler;
  /** aiSre/bot/BotCallbackHandler.ts */
  aiSreBot: WeComBotMessageHandler;
  /** Modules' handlers, from `wecomCallbacksExtensionPoint`. */
  moduleAppEvents: WeComAppEventHandler[];
  moduleBotMessages: WeComBotMessageHandler[];
}

/**
 * The one place that says which event goes where.
 *
 * App events: a custom app's `/integrations/:id/callback` and a
 * third-party app's `/suites/:suiteId/data-callback`. They are queued and
 * every handler whose `types` match runs, in this order; a failure retries
 * the job (all its handlers again):
 * 1. card clicks (`template_card_event`, `template_card_menu_event`):
 *    transition the incident as the linked user, update the card;
 * 2. the modules' app event handlers.
 *
 * Bot messages: a smart bot's `/integrations/:id/bot-callback`. Answered
 * in the request; the first handler with a reply wins:
 * 1. the modules' bot message handlers, so a module's own bot answers first;
 * 2. the AI SRE bot (commands, else the analyzer).
 *
 * Bots in long-connection mode do not come through here: their WebSocket
 * hands messages straight to the AI SRE bot's conversation
 * (aiSre/bot/longConnection/createBotLongConnectionServices.ts).
 */
export function registerCallbackHandlers(
  dispatcher: Pick<
    CallbackDispatcher,
    'addAppEventHandler' | 'addBotMessageHandler'
  >,
  handlers: CallbackHandlers,
): void {
  dispatcher.addAppEventHandler(handlers.cardClicks);
  dispatcher.addAppEventHandler(...handlers.moduleAppEvents);
  dispatcher.addBotMessageHandler(...handlers.moduleBotMessages);
  dispatcher.addBotMessageHandler(handlers.aiSreBot);
}

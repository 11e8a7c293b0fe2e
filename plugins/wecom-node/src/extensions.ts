import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { WeComAppEvent, WeComBotMessage, WeComBotReply } from './events';

/**
 * Handles decrypted custom-app callbacks. Handlers run from a durable queue
 * after WeCom has had its answer, so they may be slow; a handler that throws
 * is retried with backoff.
 *
 * @public
 */
export interface WeComAppEventHandler {
  /** A short name for logs. */
  name: string;
  /** The event types handled, e.g. `template_card_event`, or `*` for all. */
  types: string[] | '*';
  handle(event: WeComAppEvent): Promise<void>;
}

/**
 * Answers smart-bot callbacks. Unlike app events these run while WeCom
 * waits (stream replies are synchronous), so they must answer quickly and
 * leave slow work to their own queue. The first handler returning a reply
 * wins.
 *
 * Repeats are not de-duplicated for you: WeCom delivers a message again
 * when its answer did not reach it (`msgid` is the unique mark of a
 * callback, to de-duplicate by; WeCom page 100719), so a repeated `msgid`
 * means WeCom still waits for that answer. De-duplicate by `msgid` yourself
 * (per integration, across replicas, e.g. a unique key in your own table)
 * and answer a repeat again rather than dropping it; never run its side
 * effects twice. Stream refreshes (`msgType` `stream`) repeat by design.
 *
 * @public
 */
export interface WeComBotMessageHandler {
  name: string;
  handle(message: WeComBotMessage): Promise<WeComBotReply | undefined>;
}

/**
 * Lets backend modules react to WeCom callbacks.
 *
 * @public
 */
export interface WeComCallbacksExtensionPoint {
  addAppEventHandler(...handlers: WeComAppEventHandler[]): void;
  addBotMessageHandler(...handlers: WeComBotMessageHandler[]): void;
}

/**
 * The extension point for WeCom callback handlers.
 *
 * @public
 */
export const wecomCallbacksExtensionPoint =
  createExtensionPoint<WeComCallbacksExtensionPoint>({
    id: 'wecom.callbacks',
  });

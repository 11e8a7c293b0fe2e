/**
 * A local stand-in for the WeCom server and its users: the WeCom API, a
 * directory, group chats, template cards, and callbacks into the plugin.
 *
 * @packageDocumentation
 */

export { createEmulator, startEmulator } from './server';
export type { RunningEmulator } from './server';
export { WeComEmulator } from './emulator';
export type { EmulatorSummary } from './emulator';
export { EmulatorState } from './state';
export { EmulatorClock } from './clock';
export { ErrCode } from './errcodes';
export { emulatorOptionsSchema, loadEmulatorOptions } from './config';
export * from './demo';
export type * from './types';
export type { FaultSpec } from './faults';
export type { ApiCallCount, CallLogEntry } from './callLog';
export type {
  AppCallbackResult,
  AppMessageParams,
  ClickCardParams,
  ClickCardResult,
  SuiteAuthCodeResult,
  VerifyCallbackResult,
} from './client/callbacks';
export type { BotMessageParams, BotReplyResult } from './client/bot';
export { CallbackDeliveryError } from './client/http';
export type { DeliveredMessage, DroppedMessage } from './stores/messages';
export type {
  CardEvent,
  CardRecord,
  RecipientCard,
  ResponseCodeRecord,
} from './stores/cards';
export type { ChatMessage, ChatRecord } from './stores/chats';
export type {
  BotActiveReply,
  BotExchange,
  BotStream,
  BotWsConnection,
  BotWsPush,
  BotWsReply,
  BotWsStream,
} from './stores/bot';
export { BOT_WS_PATH } from './longConnection/attachBotWebSocket';
export type {
  BotWsEventParams,
  BotWsMessageParams,
  BotWsPushResult,
} from './longConnection/frames';
export type { BotConnectionHub } from './longConnection/BotConnectionHub';

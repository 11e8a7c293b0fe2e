import type { BotMessageParams } from '../client/bot';
import { randomId } from '../ids';

/** The commands of WeCom's long-connection protocol (as the SDK names them). */
export const WsCmd = {
  SUBSCRIBE: 'aibot_subscribe',
  PING: 'ping',
  RESPOND_MSG: 'aibot_respond_msg',
  RESPOND_WELCOME: 'aibot_respond_welcome_msg',
  RESPOND_UPDATE: 'aibot_respond_update_msg',
  SEND_MSG: 'aibot_send_msg',
  MSG_CALLBACK: 'aibot_msg_callback',
  EVENT_CALLBACK: 'aibot_event_callback',
} as const;

/** A frame on the socket, either way. */
export interface WsFrame {
  cmd?: string;
  headers: { req_id: string; [key: string]: unknown };
  body?: Record<string, unknown>;
  errcode?: number;
  errmsg?: string;
}

/**
 * A member writing to the bot over its long connection: like
 * `BotMessageParams`, but images and files carry their own `aeskey`.
 *
 * @public
 */
export interface BotWsMessageParams extends BotMessageParams {
  /** From `hostMedia(bytes, botId, { longConnection: true })`. */
  imageUrl?: string;
  /** The key the media URL's bytes are encrypted with. */
  aeskey?: string;
  /** To repeat a message (WeCom may deliver one twice); random by default. */
  msgid?: string;
}

/**
 * An event for the bot's long connection, e.g. a member opening the chat.
 *
 * @public
 */
export interface BotWsEventParams {
  botId?: string;
  from: string;
  /** Default `enter_chat`. */
  eventtype?: string;
  chatid?: string;
  msgid?: string;
}

/**
 * What was pushed: reply frames carry this `reqId`.
 *
 * @public
 */
export interface BotWsPushResult {
  reqId: string;
  msgid: string;
  connectionId: string;
}

/** A req_id in the SDK's style: `<cmd>_<millis>_<random>`. */
export function newReqId(cmd: string, millis: number): string {
  return `${cmd}_${millis}_${randomId(4)}`;
}

/** The body of an `aibot_event_callback` frame. */
export function eventBody(
  params: Omit<BotWsEventParams, 'botId'>,
  botId: string,
  createTime: number,
): Record<string, unknown> {
  return {
    msgid: params.msgid ?? randomId(16),
    create_time: createTime,
    aibotid: botId,
    ...(params.chatid ? { chatid: params.chatid } : {}),
    chattype: params.chatid ? 'group' : 'single',
    from: { userid: params.from },
    msgtype: 'event',
    event: { eventtype: params.eventtype ?? 'enter_chat' },
  };
}

/**
 * One exchange with the smart bot: what the emulated user sent and what the
 * bot answered (decrypted).
 *
 * @public
 */
export interface BotExchange {
  botId: string;
  at: string;
  request: Record<string, unknown>;
  status: number;
  reply?: Record<string, unknown>;
}

/**
 * A streamed bot reply the emulated WeCom keeps refreshing until `finish`.
 *
 * @public
 */
export interface BotStream {
  id: string;
  botId: string;
  /** The message that opened the stream, whose context refreshes repeat. */
  origin: Record<string, unknown>;
  startedAt: number;
  finished: boolean;
  content: string;
}

/**
 * A message the bot posted through a response_url.
 *
 * @public
 */
export interface BotActiveReply {
  botId: string;
  at: string;
  /** The msgid of the user message whose response_url was used. */
  inReplyTo: string;
  body: unknown;
}

/**
 * One WebSocket a bot opened in long-connection mode (`/aibot/ws`).
 *
 * @public
 */
export interface BotWsConnection {
  id: string;
  openedAt: string;
  /** Set once `aibot_subscribe` succeeded. */
  botId?: string;
  authenticatedAt?: string;
  /** `aibot_subscribe` attempts refused (unknown bot, wrong secret). */
  refusals: number;
  pings: number;
  closedAt?: string;
  closeReason?: string;
}

/**
 * A frame the emulated WeCom pushed to a bot's long connection
 * (`aibot_msg_callback` or `aibot_event_callback`).
 *
 * @public
 */
export interface BotWsPush {
  botId: string;
  connectionId: string;
  at: string;
  cmd: string;
  reqId: string;
  body: Record<string, unknown>;
}

/**
 * A frame a bot sent on its long connection (`aibot_respond_msg`,
 * `aibot_respond_welcome_msg`, `aibot_send_msg`, …) and how it was acked.
 *
 * @public
 */
export interface BotWsReply extends BotWsPush {
  errcode: number;
  errmsg: string;
}

/**
 * A stream a bot answers over its long connection.
 *
 * @public
 */
export interface BotWsStream {
  id: string;
  botId: string;
  /** The req_id of the pushed frame the stream answers. */
  reqId: string;
  content: string;
  finished: boolean;
  updates: number;
}

/** Bot conversations, open streams, active replies and hosted media. */
export class BotStore {
  readonly exchanges: BotExchange[] = [];
  readonly streams = new Map<string, BotStream>();
  readonly activeReplies: BotActiveReply[] = [];
  readonly media = new Map<string, Buffer>();
  /** Long connections, oldest first (closed ones stay, with why). */
  readonly wsConnections: BotWsConnection[] = [];
  readonly wsPushes: BotWsPush[] = [];
  readonly wsReplies: BotWsReply[] = [];
  readonly wsStreams = new Map<string, BotWsStream>();
}

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

/** Bot conversations, open streams, active replies and hosted media. */
export class BotStore {
  readonly exchanges: BotExchange[] = [];
  readonly streams = new Map<string, BotStream>();
  readonly activeReplies: BotActiveReply[] = [];
  readonly media = new Map<string, Buffer>();
}

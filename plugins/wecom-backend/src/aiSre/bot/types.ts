/**
 * The bot's two transports (the HTTP callback and WeCom's long connection)
 * both turn what WeCom sends into a {@link BotInboundMessage} and hand it,
 * with a {@link BotAnswerSink} of their own, to the one
 * {@link BotConversation}.
 */

/** An image or file in a bot message, still encrypted at `url`. */
export interface BotMediaRef {
  kind: 'image' | 'file';
  url: string;
  /**
   * Long connection only: the message's own key (base64 of 32 bytes). Over
   * the callback the bot's EncodingAESKey decrypts media.
   */
  aesKey?: string;
  fileName?: string;
}

/** A message (or event) someone sent the smart bot. */
export interface BotInboundMessage {
  integrationId: string;
  msgId: string;
  chatType: 'single' | 'group';
  /** Group chats only; a War Room's chat id when the bot sits in one. */
  chatId?: string;
  fromUserId: string;
  /** Text of text, mixed and voice messages; @mentions are left in. */
  text?: string;
  media: BotMediaRef[];
  /** One-time URL for a later active reply (callback transport). */
  responseUrl?: string;
  /** For events, e.g. `enter_chat`. */
  eventType?: string;
  transport: 'callback' | 'longConnection';
}

/** Where the conversation writes its answer; each transport has its own. */
export interface BotAnswerSink {
  /**
   * The whole answer so far (markdown, not a delta); `finish` ends it.
   * Called again and again while the answer grows, then once with
   * `finish: true`.
   */
  update(content: string, finish: boolean): Promise<void>;
}

/** Answers bot messages: commands, questions, events. */
export interface BotConversation {
  /** Resolves once the answer has finished (the sink got `finish: true`). */
  handle(message: BotInboundMessage, sink: BotAnswerSink): Promise<void>;
}

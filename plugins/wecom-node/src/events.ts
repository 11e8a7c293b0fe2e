/**
 * Fields every decrypted custom-app callback carries.
 *
 * @public
 */
export interface WeComAppEventBase {
  /** The integration the callback arrived for (from the callback path). */
  integrationId: string;
  /** The Corp ID the message is addressed to (`ToUserName`). */
  corpId: string;
  /** The WeCom userid of the person who caused it (`FromUserName`). */
  fromUserId: string;
  /** `CreateTime`, as an ISO timestamp. */
  createdAt: string;
  agentId?: number;
  /** Every field of the decrypted XML, as strings, for handlers that need more. */
  raw: Record<string, unknown>;
}

/**
 * A button or ⋯-menu click on an interactive template card.
 *
 * @public
 */
export interface WeComTemplateCardEvent extends WeComAppEventBase {
  /**
   * WeCom's `Event`: `template_card_event` for a button, and
   * `template_card_menu_event` for an entry of the card's ⋯ menu
   * (`action_menu`), which has no `SelectedItems`.
   */
  type: 'template_card_event' | 'template_card_menu_event';
  eventKey: string;
  taskId: string;
  cardType: string;
  /** Spendable once, within 72 hours, on `update_template_card`. */
  responseCode: string;
  selectedItems: { questionKey: string; optionIds: string[] }[];
}

/**
 * A text message a user sent to the app.
 *
 * @public
 */
export interface WeComTextMessageEvent extends WeComAppEventBase {
  type: 'text';
  msgId: string;
  content: string;
}

/**
 * Any other event or message type; `type` is WeCom's `Event` (for events)
 * or `MsgType` (for messages).
 *
 * @public
 */
export interface WeComOtherAppEvent extends WeComAppEventBase {
  type: string;
  msgId?: string;
  eventKey?: string;
}

/**
 * A decrypted, typed custom-app callback.
 *
 * @public
 */
export type WeComAppEvent =
  | WeComTemplateCardEvent
  | WeComTextMessageEvent
  | WeComOtherAppEvent;

/**
 * A decrypted smart-bot callback (JSON), with the fields the suite uses
 * pulled out; `raw` keeps the whole message.
 *
 * @public
 */
export interface WeComBotMessage {
  integrationId: string;
  msgId: string;
  botId: string;
  chatType: 'single' | 'group';
  chatId?: string;
  fromUserId: string;
  responseUrl?: string;
  msgType: string;
  /** Text of `text` and `mixed` messages, and the transcription of `voice`. */
  text?: string;
  /** Encrypted media URLs of `image`, `mixed`, `file` and `video` messages. */
  mediaUrls: string[];
  /** The stream being refreshed, for `msgtype: "stream"` callbacks. */
  streamId?: string;
  /** The event type for `msgtype: "event"` callbacks, e.g. `enter_chat`. */
  eventType?: string;
  raw: Record<string, unknown>;
}

/**
 * A passive reply to a smart-bot callback; it is encrypted with the bot's
 * key and answered in the same HTTP response.
 *
 * @public
 */
export type WeComBotReply = Record<string, unknown>;

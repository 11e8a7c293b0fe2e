import { DateTime } from 'luxon';
import {
  WeComAppEvent,
  WeComBotMessage,
  WeComTemplateCardEvent,
} from 'backstage-plugin-wecom-node';

import { MalformedCallbackError } from './refusals';

/**
 * A scalar field as text. WeCom's fields are scalars; anything else (an
 * element with children, a repeated element, a JSON object or array) counts
 * as missing: `String()` of an object is meaningless, and throws for one
 * whose `toString` is not a function.
 */
const text = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
};

// WeCom's message and event types (text, template_card_event, LOCATION, …);
// the type is stored with the queued job, so it must be short and plain.
const EVENT_TYPE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Turns the decrypted inner XML of a custom-app callback (already parsed to
 * an object with string values) into a typed event.
 */
export function parseAppEvent(
  integrationId: string,
  xml: Record<string, unknown>,
): WeComAppEvent {
  const root = (xml.xml ?? xml) as Record<string, unknown>;
  const msgType = text(root.MsgType);
  const fromUserId = text(root.FromUserName);
  const corpId = text(root.ToUserName);
  const createTime = Number(text(root.CreateTime));
  // Invalid (null) when CreateTime is not a time luxon can represent.
  const createdAt = Number.isFinite(createTime)
    ? DateTime.fromSeconds(createTime).toUTC().toISO()
    : null;
  if (!msgType || !fromUserId || !corpId || !createdAt) {
    throw new MalformedCallbackError(
      'Callback lacks MsgType, FromUserName, ToUserName or CreateTime',
    );
  }
  const event = text(root.Event);
  if (!EVENT_TYPE.test(msgType) || (event && !EVENT_TYPE.test(event))) {
    throw new MalformedCallbackError(
      'Callback MsgType or Event is not a WeCom message or event type',
    );
  }
  const base = {
    integrationId,
    corpId,
    fromUserId,
    createdAt,
    agentId: root.AgentID ? Number(text(root.AgentID)) : undefined,
    raw: root,
  };

  if (msgType === 'event' && isCardClick(event)) {
    const eventKey = text(root.EventKey);
    const taskId = text(root.TaskId);
    const responseCode = text(root.ResponseCode);
    if (!eventKey || !taskId || !responseCode) {
      throw new MalformedCallbackError(
        `${event} lacks EventKey, TaskId or ResponseCode`,
      );
    }
    return {
      ...base,
      type: event,
      eventKey,
      taskId,
      cardType: text(root.CardType) ?? '',
      responseCode,
      selectedItems: parseSelectedItems(root.SelectedItems),
    };
  }
  if (msgType === 'text') {
    return {
      ...base,
      type: 'text',
      msgId: text(root.MsgId) ?? '',
      content: text(root.Content) ?? '',
    };
  }
  return {
    ...base,
    type: msgType === 'event' ? event ?? 'event' : msgType,
    msgId: text(root.MsgId),
    eventKey: text(root.EventKey),
  };
}

/**
 * A click on a template card: a button (`template_card_event`) or an entry
 * of its ⋯ menu, which WeCom sends as its own event with EventKey, TaskId,
 * CardType and ResponseCode (page 90240, 通用模板卡片右上角菜单事件推送;
 * WxJava's WxCpConsts.EventType.TEMPLATE_CARD_MENU_EVENT).
 */
function isCardClick(
  event: string | undefined,
): event is WeComTemplateCardEvent['type'] {
  return (
    event === 'template_card_event' || event === 'template_card_menu_event'
  );
}

/** XML repeats an element for a list, and gives a lone one as a value. */
function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null || value === '' ? [] : [value];
}

function parseSelectedItems(value: unknown) {
  return asList((value as any)?.SelectedItem).map((item: any) => ({
    questionKey: text(item?.QuestionKey) ?? '',
    optionIds: asList(item?.OptionIds?.OptionId)
      .map(text)
      .filter((id): id is string => id !== undefined),
  }));
}

/**
 * The identity of a callback for de-duplication: WeCom retries a callback it
 * got no answer for, and each retry is encrypted afresh, so the key comes
 * from the decrypted content.
 */
export function appEventDedupKey(event: WeComAppEvent): string {
  if ('msgId' in event && event.msgId) {
    return `app:${event.integrationId}:msg:${event.msgId}`;
  }
  if (isCardClick(event.type)) {
    // Every click has its own response code.
    const click = event as WeComTemplateCardEvent;
    return `app:${event.integrationId}:card:${click.responseCode}`;
  }
  const eventKey = 'eventKey' in event ? event.eventKey ?? '' : '';
  return `app:${event.integrationId}:ev:${event.fromUserId}:${event.createdAt}:${event.type}:${eventKey}`;
}

/** Turns a decrypted smart-bot callback into a typed message. */
export function parseBotMessage(
  integrationId: string,
  json: Record<string, any>,
): WeComBotMessage {
  const msgType = text(json.msgtype);
  if (!msgType) {
    throw new MalformedCallbackError('Bot callback lacks msgtype');
  }
  const problem =
    botIdsProblem(text(json.from?.userid), text(json.chatid)) ??
    botReplyRefsProblem(text(json.stream?.id), text(json.response_url));
  if (problem) throw new MalformedCallbackError(`Bot callback ${problem}`);
  const mediaUrls: string[] = [];
  let messageText: string | undefined;
  if (msgType === 'text') messageText = text(json.text?.content);
  if (msgType === 'voice') messageText = text(json.voice?.content);
  const image = text(json.image?.url);
  const file = text(json.file?.url);
  // Single chats also send `video: { url }`, encrypted like a file (page
  // 100719; @wecom/aibot-node-sdk's VideoMessage).
  const video = text(json.video?.url);
  if (msgType === 'image' && image) mediaUrls.push(image);
  if (msgType === 'file' && file) mediaUrls.push(file);
  if (msgType === 'video' && video) mediaUrls.push(video);
  if (msgType === 'mixed' && Array.isArray(json.mixed?.msg_item)) {
    const parts: string[] = [];
    for (const item of json.mixed.msg_item) {
      const itemText = text(item?.text?.content);
      const itemImage = text(item?.image?.url);
      if (item?.msgtype === 'text' && itemText) parts.push(itemText);
      if (item?.msgtype === 'image' && itemImage) mediaUrls.push(itemImage);
    }
    messageText = parts.join('\n');
  }
  return {
    integrationId,
    msgId: text(json.msgid) ?? '',
    botId: text(json.aibotid) ?? '',
    chatType: json.chattype === 'group' ? 'group' : 'single',
    chatId: text(json.chatid),
    fromUserId: text(json.from?.userid) ?? '',
    responseUrl: text(json.response_url),
    msgType,
    text: messageText,
    mediaUrls,
    streamId: text(json.stream?.id),
    eventType: text(json.event?.eventtype),
    raw: json,
  };
}

/**
 * Why a bot message's `stream.id` (a refresh names a stream a handler gave
 * out) or `response_url` cannot be WeCom's: control characters, which no
 * stream id of ours nor a URL holds, and which PostgreSQL can neither store
 * nor compare; undefined when they can be. Length is left to the handlers:
 * module handlers choose their own stream ids.
 */
function botReplyRefsProblem(
  streamId: string | undefined,
  responseUrl: string | undefined,
): string | undefined {
  if (streamId !== undefined && /\p{Cc}/u.test(streamId)) {
    return 'stream.id is not a WeCom stream id (no control characters)';
  }
  if (responseUrl !== undefined && /\p{Cc}/u.test(responseUrl)) {
    return 'response_url is not a WeCom response_url (no control characters)';
  }
  return undefined;
}

/** WeCom's userid: 1 to 64 bytes (the member API, document 90195). */
const MAX_USERID = 64;
/**
 * A bot chat's chatid: not documented; `appchat` ids are at most 32
 * characters. What the bot's tables hold (`group:<chatid>` in 128).
 */
const MAX_CHATID = 120;

/**
 * Why a bot message's sender or chat cannot be WeCom's (too long, or with
 * control characters, which no WeCom id has and PostgreSQL cannot store);
 * undefined when they can. Both transports check it.
 */
export function botIdsProblem(
  userId: string | undefined,
  chatId: string | undefined,
): string | undefined {
  const odd = (id: string, max: number) =>
    Buffer.byteLength(id, 'utf8') > max || /\p{Cc}/u.test(id);
  if (userId !== undefined && odd(userId, MAX_USERID)) {
    return `from.userid is not a WeCom userid (at most ${MAX_USERID} bytes, no control characters)`;
  }
  if (chatId !== undefined && odd(chatId, MAX_CHATID)) {
    return `chatid is not a WeCom chatid (at most ${MAX_CHATID} bytes, no control characters)`;
  }
  return undefined;
}

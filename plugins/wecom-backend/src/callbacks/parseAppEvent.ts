import { DateTime } from 'luxon';
import {
  WeComAppEvent,
  WeComBotMessage,
  WeComTemplateCardEvent,
} from 'backstage-plugin-wecom-node';

import { MalformedCallbackError } from './refusals';

const text = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : String(value);

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
  if (!msgType || !fromUserId || !corpId || !Number.isFinite(createTime)) {
    throw new MalformedCallbackError(
      'Callback lacks MsgType, FromUserName, ToUserName or CreateTime',
    );
  }
  const base = {
    integrationId,
    corpId,
    fromUserId,
    createdAt: DateTime.fromSeconds(createTime).toUTC().toISO()!,
    agentId: root.AgentID ? Number(text(root.AgentID)) : undefined,
    raw: root,
  };

  if (msgType === 'event' && text(root.Event) === 'template_card_event') {
    const eventKey = text(root.EventKey);
    const taskId = text(root.TaskId);
    const responseCode = text(root.ResponseCode);
    if (!eventKey || !taskId || !responseCode) {
      throw new MalformedCallbackError(
        'template_card_event lacks EventKey, TaskId or ResponseCode',
      );
    }
    return {
      ...base,
      type: 'template_card_event',
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
    type: msgType === 'event' ? text(root.Event) ?? 'event' : msgType,
    msgId: text(root.MsgId),
    eventKey: text(root.EventKey),
  };
}

/** XML repeats an element for a list, and gives a lone one as a value. */
function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null || value === '' ? [] : [value];
}

function parseSelectedItems(value: unknown) {
  return asList((value as any)?.SelectedItem).map((item: any) => ({
    questionKey: text(item?.QuestionKey) ?? '',
    optionIds: asList(item?.OptionIds?.OptionId).map(String),
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
  if (event.type === 'template_card_event') {
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
  const mediaUrls: string[] = [];
  let messageText: string | undefined;
  if (msgType === 'text') messageText = text(json.text?.content);
  if (msgType === 'voice') messageText = text(json.voice?.content);
  if (msgType === 'image' && json.image?.url) mediaUrls.push(json.image.url);
  if (msgType === 'file' && json.file?.url) mediaUrls.push(json.file.url);
  if (msgType === 'mixed' && Array.isArray(json.mixed?.msg_item)) {
    const parts: string[] = [];
    for (const item of json.mixed.msg_item) {
      if (item?.msgtype === 'text' && item.text?.content) {
        parts.push(String(item.text.content));
      }
      if (item?.msgtype === 'image' && item.image?.url) {
        mediaUrls.push(String(item.image.url));
      }
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

import type { WsFrame } from '@wecom/aibot-node-sdk';
import { botIdsProblem } from '../../../callbacks/parseAppEvent';
import { BotInboundMessage, BotMediaRef } from '../types';

type Json = Record<string, any>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

function media(
  kind: BotMediaRef['kind'],
  content: Json | undefined,
  fileName?: string,
): BotMediaRef[] {
  const url = text(content?.url);
  if (!url) return [];
  const aesKey = text(content?.aeskey);
  return [
    { kind, url, ...(aesKey && { aesKey }), ...(fileName && { fileName }) },
  ];
}

/** Text and media of a message body, by its `msgtype`. */
function contentOf(body: Json): Pick<BotInboundMessage, 'text' | 'media'> {
  switch (body.msgtype) {
    case 'text':
      return { text: text(body.text?.content), media: [] };
    case 'voice':
      // WeCom sends voice already transcribed.
      return { text: text(body.voice?.content), media: [] };
    case 'image':
      return { media: media('image', body.image) };
    case 'file':
      return { media: media('file', body.file) };
    case 'video':
      // Passed on as a file: the conversation says what it received.
      return { media: media('file', body.video, 'video') };
    case 'mixed': {
      const items: Json[] = Array.isArray(body.mixed?.msg_item)
        ? body.mixed.msg_item
        : [];
      const lines = items
        .map(item => (item?.msgtype === 'text' ? text(item.text?.content) : ''))
        .filter(Boolean);
      return {
        text: lines.length ? lines.join('\n') : undefined,
        media: items.flatMap(item =>
          item?.msgtype === 'image' ? media('image', item.image) : [],
        ),
      };
    }
    default:
      return { media: [] };
  }
}

/**
 * A long-connection frame (`aibot_msg_callback` or `aibot_event_callback`)
 * as the conversation's message; undefined when it is not one a user sent
 * (no msgid or sender, or ids no WeCom id looks like). Each image or file carries the frame's own aeskey.
 */
export function toInboundMessage(
  integrationId: string,
  frame: WsFrame,
): BotInboundMessage | undefined {
  const body = frame.body as Json | undefined;
  const msgId = text(body?.msgid);
  const fromUserId = text(body?.from?.userid);
  if (!body || !msgId || !fromUserId) return undefined;
  const chatId = text(body.chatid);
  if (botIdsProblem(fromUserId, chatId)) return undefined;
  const message: BotInboundMessage = {
    integrationId,
    msgId,
    chatType: body.chattype === 'group' ? 'group' : 'single',
    ...(chatId && { chatId }),
    fromUserId,
    media: [],
    transport: 'longConnection',
  };
  const responseUrl = text(body.response_url);
  if (responseUrl) message.responseUrl = responseUrl;
  if (body.msgtype === 'event') {
    const eventType = text(body.event?.eventtype);
    return eventType ? { ...message, eventType } : undefined;
  }
  const content = contentOf(body);
  return {
    ...message,
    ...(content.text !== undefined && { text: content.text }),
    media: content.media,
  };
}

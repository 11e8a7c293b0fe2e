import { WeComBotMessage } from 'backstage-plugin-wecom-node';
import { BotInboundMessage } from './types';

/** The transport-neutral form of a callback message. */
export function toInboundMessage(message: WeComBotMessage): BotInboundMessage {
  const kind =
    message.msgType === 'image' || message.msgType === 'mixed'
      ? 'image'
      : 'file';
  const fileName = message.msgType === 'video' ? 'video' : undefined;
  return {
    integrationId: message.integrationId,
    msgId: message.msgId,
    chatType: message.chatType,
    ...(message.chatId ? { chatId: message.chatId } : {}),
    fromUserId: message.fromUserId,
    ...(message.text !== undefined ? { text: message.text } : {}),
    media: message.mediaUrls.map(url => ({
      kind,
      url,
      ...(fileName ? { fileName } : {}),
    })),
    ...(message.responseUrl ? { responseUrl: message.responseUrl } : {}),
    ...(message.eventType ? { eventType: message.eventType } : {}),
    transport: 'callback',
  };
}

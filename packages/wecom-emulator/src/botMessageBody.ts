import type { BotMessageParams } from './client/bot';

/**
 * The JSON WeCom sends a smart bot for a member's message. It is the same
 * over both transports: encrypted to the HTTP callback, or as the body of
 * an `aibot_msg_callback` frame on the long connection; only the latter has
 * a `create_time`, and its media carry their own `aeskey`.
 */
export function botMessageBody(
  params: BotMessageParams & { aeskey?: string },
  envelope: {
    msgid: string;
    botId: string;
    responseUrl: string;
    createTime?: number;
  },
): Record<string, unknown> {
  const msgtype = params.msgtype ?? inferMsgtype(params);
  const body: Record<string, unknown> = {
    msgid: envelope.msgid,
    aibotid: envelope.botId,
    ...(params.chatid ? { chatid: params.chatid } : {}),
    chattype: params.chattype ?? (params.chatid ? 'group' : 'single'),
    from: { userid: params.from },
    ...(envelope.createTime !== undefined
      ? { create_time: envelope.createTime }
      : {}),
    response_url: envelope.responseUrl,
    msgtype,
  };
  const media = (url?: string) => ({
    url,
    ...(params.aeskey ? { aeskey: params.aeskey } : {}),
  });
  if (msgtype === 'text' || msgtype === 'voice')
    body[msgtype] = { content: params.text ?? '' };
  if (msgtype === 'image') body.image = media(params.imageUrl);
  if (msgtype === 'file') body.file = media(params.fileUrl);
  // `video: { url }` like a file (page 100719; @wecom/aibot-node-sdk's VideoContent).
  if (msgtype === 'video') body.video = media(params.videoUrl);
  if (msgtype === 'mixed') body.mixed = { msg_item: params.mixedItems ?? [] };
  if (params.quote !== undefined) body.quote = params.quote;
  return body;
}

/** `text` unless media or mixed items are given. */
function inferMsgtype(params: BotMessageParams): string {
  if (params.imageUrl) return 'image';
  if (params.fileUrl) return 'file';
  if (params.videoUrl) return 'video';
  if (params.mixedItems) return 'mixed';
  return 'text';
}

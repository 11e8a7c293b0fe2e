import { botMessageBody } from '../botMessageBody';
import { randomId } from '../ids';
import { eventBody, type BotWsEventParams } from '../longConnection/frames';
import type { EmulatorBot } from '../types';
import type { CallbackContext } from './callbacks';
import { randomBytes } from 'node:crypto';
import {
  encryptMedia,
  encryptMediaWithKey,
  openReply,
  sealMessage,
  signatureQuery,
  type EnvelopeKeys,
} from './envelope';
import { deliver } from './http';

/** WeCom keeps refreshing a stream for 6 minutes after the user's message. */
const STREAM_WINDOW_MILLIS = 6 * 60 * 1000;

/**
 * A member writing to the smart bot, in a single chat or a group (@bot).
 *
 * @public
 */
export interface BotMessageParams {
  /** Default: the first configured bot. */
  botId?: string;
  /** The member's userid. */
  from: string;
  chattype?: 'single' | 'group';
  /** Group chats only. */
  chatid?: string;
  /**
   * Default: `text` when `text` is given, `image` for `imageUrl`, `file` for
   * `fileUrl`, `video` for `videoUrl`. WeCom sends `video` in single chats
   * only (page 100719; `VideoMessage` of @wecom/aibot-node-sdk 1.0.7).
   */
  msgtype?: 'text' | 'image' | 'mixed' | 'voice' | 'file' | 'video';
  text?: string;
  /** An encrypted media URL, e.g. from `hostMedia`. */
  imageUrl?: string;
  fileUrl?: string;
  videoUrl?: string;
  /** `mixed.msg_item` entries, e.g. `[{ msgtype: 'text', text: { content } }]`. */
  mixedItems?: unknown[];
  quote?: unknown;
}

/**
 * What the bot's receiver answered, decrypted with WeCom's library.
 *
 * @public
 */
export interface BotReplyResult {
  msgid: string;
  status: number;
  body: string;
  reply?: Record<string, unknown>;
  signatureValid?: boolean;
  /** Set when the reply opened (or continued) a stream that is not finished. */
  streamId?: string;
}

/** POSTs an encrypted JSON message to the bot's callback and opens its reply. */
export async function sendBotMessage(
  ctx: CallbackContext,
  params: BotMessageParams,
): Promise<BotReplyResult> {
  const { bot } = ctx.state.directory.bot(params.botId);
  const msgid = randomId(16);
  const responseCode = ctx.state.responseUrls.issue(
    { botId: bot.botId, msgid },
    ctx.state.clock.millis(),
  );
  const message = botMessageBody(params, {
    msgid,
    botId: bot.botId,
    responseUrl: `${ctx.publicUrl}/cgi-bin/aibot/response?response_code=${responseCode}`,
  });
  return exchange(ctx, bot, message);
}

/**
 * POSTs an encrypted event (by default `enter_chat`: a member opened the
 * bot's chat) to the bot's callback and opens the reply, e.g. a welcome.
 */
export async function sendBotEvent(
  ctx: CallbackContext,
  params: BotWsEventParams,
): Promise<BotReplyResult> {
  const { bot } = ctx.state.directory.bot(params.botId);
  const { create_time: _overLongConnectionOnly, ...message } = eventBody(
    params,
    bot.botId,
    ctx.state.clock.unixSeconds(),
  );
  return exchange(ctx, bot, message);
}

/** Sends the stream refresh callback WeCom sends until a reply says `finish`. */
export async function refreshBotStream(
  ctx: CallbackContext,
  streamId: string,
): Promise<BotReplyResult> {
  const stream = ctx.state.bot.streams.get(streamId);
  if (!stream) throw new Error(`No stream ${streamId}`);
  if (stream.finished) throw new Error(`Stream ${streamId} has finished`);
  if (ctx.state.clock.millis() - stream.startedAt > STREAM_WINDOW_MILLIS) {
    throw new Error(
      `Stream ${streamId} is older than 6 minutes: WeCom stopped refreshing it`,
    );
  }
  const { bot } = ctx.state.directory.bot(stream.botId);
  const { origin } = stream;
  const message: Record<string, unknown> = {
    msgid: randomId(16),
    aibotid: bot.botId,
    ...(origin.chatid ? { chatid: origin.chatid } : {}),
    chattype: origin.chattype,
    from: origin.from,
    msgtype: 'stream',
    stream: { id: streamId },
  };
  return exchange(ctx, bot, message);
}

/** Stores media encrypted with the bot's key and returns the URL serving it. */
export function hostMedia(
  ctx: CallbackContext,
  bytes: Buffer,
  botId?: string,
): string {
  const { bot } = ctx.state.directory.bot(botId);
  const id = randomId(12);
  ctx.state.bot.media.set(id, encryptMedia(bot.encodingAESKey, bytes));
  return `${ctx.publicUrl}/_emulator/media/${id}`;
}

/**
 * Stores media encrypted with a key of its own, as the long connection
 * hands images and files out; returns the URL and the key (`aeskey`).
 */
export function hostLongConnectionMedia(
  ctx: CallbackContext,
  bytes: Buffer,
): { url: string; aeskey: string } {
  const key = randomBytes(32);
  const id = randomId(12);
  ctx.state.bot.media.set(id, encryptMediaWithKey(key, bytes));
  return {
    url: `${ctx.publicUrl}/_emulator/media/${id}`,
    aeskey: key.toString('base64'),
  };
}

async function exchange(
  ctx: CallbackContext,
  bot: EmulatorBot,
  message: Record<string, unknown>,
): Promise<BotReplyResult> {
  if (!bot.callbackUrl)
    throw new Error(`Bot ${bot.botId} has no callback URL configured`);
  const keys: EnvelopeKeys = {
    token: bot.token,
    encodingAESKey: bot.encodingAESKey,
    receiveId: '',
  };
  const sealed = sealMessage(
    keys,
    JSON.stringify(message),
    ctx.state.clock.unixSeconds(),
  );
  const response = await deliver(bot.callbackUrl, signatureQuery(sealed), {
    method: 'POST',
    body: JSON.stringify({ encrypt: sealed.encrypt }),
    contentType: 'application/json',
    timeoutMs: ctx.timeoutMs,
  });
  const result: BotReplyResult = { msgid: String(message.msgid), ...response };
  const opened = openBotReply(keys, response.body);
  if (opened) {
    result.reply = opened.reply;
    result.signatureValid = opened.signatureValid;
    result.streamId = trackStream(ctx, bot, message, opened.reply);
  }
  ctx.state.bot.exchanges.push({
    botId: bot.botId,
    at: ctx.state.nowIso(),
    request: message,
    status: response.status,
    reply: result.reply,
  });
  return result;
}

function openBotReply(keys: EnvelopeKeys, body: string) {
  if (!body.trim()) return undefined;
  let envelope: {
    encrypt?: string;
    msgsignature?: string;
    timestamp?: unknown;
    nonce?: unknown;
  };
  try {
    envelope = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof envelope.encrypt !== 'string') return undefined;
  const opened = openReply(keys, {
    encrypt: envelope.encrypt,
    signature: String(envelope.msgsignature ?? ''),
    timestamp: String(envelope.timestamp ?? ''),
    nonce: String(envelope.nonce ?? ''),
  });
  return {
    reply: JSON.parse(opened.message) as Record<string, unknown>,
    signatureValid: opened.signatureValid && opened.receiveIdValid,
  };
}

/** Remembers a stream reply so refreshes can follow it; returns its id while open. */
function trackStream(
  ctx: CallbackContext,
  bot: EmulatorBot,
  message: Record<string, unknown>,
  reply: Record<string, unknown>,
): string | undefined {
  const stream = reply.stream as
    | { id?: unknown; finish?: unknown; content?: unknown }
    | undefined;
  if (reply.msgtype !== 'stream' || typeof stream?.id !== 'string')
    return undefined;
  const existing = ctx.state.bot.streams.get(stream.id);
  const finished = stream.finish === true;
  const content = typeof stream.content === 'string' ? stream.content : '';
  if (existing) {
    existing.finished = finished;
    existing.content = content;
  } else {
    ctx.state.bot.streams.set(stream.id, {
      id: stream.id,
      botId: bot.botId,
      origin: message,
      startedAt: ctx.state.clock.millis(),
      finished,
      content,
    });
  }
  return finished ? undefined : stream.id;
}

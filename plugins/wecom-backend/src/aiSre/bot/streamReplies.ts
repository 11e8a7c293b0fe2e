import { WeComBotMessage, WeComBotReply } from 'backstage-plugin-wecom-node';
import { randomBytes } from 'node:crypto';
import { chatKeyOf } from '../conversations/ConversationLog';
import { BotStream } from './BotStreamStore';
import { fitStreamContent } from './fitStreamContent';

/** A stream reply to WeCom, its content cut to what WeCom takes. */
export function streamReply(
  id: string,
  content: string,
  finish: boolean,
): WeComBotReply {
  return {
    msgtype: 'stream',
    stream: { id, finish, content: fitStreamContent(content) },
  };
}

/**
 * Whether a refresh comes from the member and chat the stream answers.
 * A refresh without a sender (not what WeCom sends) is not refused.
 */
export function askedBy(stream: BotStream, refresh: WeComBotMessage): boolean {
  if (!refresh.fromUserId) return true;
  return (
    stream.fromUserId === refresh.fromUserId &&
    stream.chatKey === chatKeyOf(refresh)
  );
}

export function newStreamId(): string {
  return randomBytes(16).toString('hex');
}

/** An answer with a note after it (or the note alone). */
export function joinNote(content: string, note: string): string {
  return content ? `${content}\n\n${note}` : note;
}

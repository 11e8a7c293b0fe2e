import { WeComConversationLine } from 'backstage-plugin-wecom-node';

/** Which chat a line belongs to: a group (War Room) or a single chat. */
export function chatKeyOf(message: {
  chatType: 'single' | 'group';
  chatId?: string;
  fromUserId: string;
}): string {
  return message.chatType === 'group' && message.chatId
    ? `group:${message.chatId}`
    : `single:${message.fromUserId}`;
}

/** A line to keep, with where it was said. */
export interface ConversationLogEntry extends WeComConversationLine {
  integrationId: string;
  chatKey: string;
  incidentId?: string;
}

/** What the bot saw and said, for follow-up questions and post-mortems. */
export interface ConversationLog {
  append(entry: ConversationLogEntry): Promise<void>;
  /** The latest `limit` lines of a chat, oldest first. */
  recent(
    integrationId: string,
    chatKey: string,
    limit: number,
  ): Promise<WeComConversationLine[]>;
  /** Every line said about an incident (its War Room), oldest first. */
  forIncident(
    incidentId: string,
    limit?: number,
  ): Promise<WeComConversationLine[]>;
}

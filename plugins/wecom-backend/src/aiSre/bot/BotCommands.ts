import { WeComIncident } from 'backstage-plugin-wecom-common';
import { MemberIdentity } from '../../access/LinkedUserAccess';
import { BotInboundMessage } from './types';

/** What a bot command gets to work with. */
export interface BotCommandContext {
  message: BotInboundMessage;
  /** The message's text with the bot's @mentions stripped. */
  text: string;
  /** The War Room's incident when the chat is a War Room. */
  incident?: WeComIncident;
  /**
   * Who asks, as Backstage knows them (linked user and credentials), asked
   * once per message by the conversation; commands ask themselves without.
   */
  asker?: () => Promise<MemberIdentity>;
}

/**
 * The bot's fixed commands (help, firing, oncall, start/close/snooze), tried
 * before a message goes to the analyzer as a question.
 */
export interface BotCommands {
  /** The answer (markdown), or undefined when the text is not a command. */
  run(ctx: BotCommandContext): Promise<string | undefined>;
}

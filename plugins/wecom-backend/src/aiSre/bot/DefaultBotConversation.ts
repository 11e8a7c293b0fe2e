import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WeComIncident,
  wecomIncidentReadPermission,
} from 'backstage-plugin-wecom-common';
import {
  WeComAnalysisQuestion,
  WeComIncidentAnalyzer,
  WeComIncidentProvider,
} from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import {
  LinkedUserAccess,
  MemberIdentity,
} from '../../access/LinkedUserAccess';
import { LINK_HINT, refusalText } from '../../access/refusals';
import { LinkStore } from '../../linking/LinkStore';
import { WarRoomStore } from '../../warRooms/WarRoomStore';
import { ConversationLog, chatKeyOf } from '../conversations/ConversationLog';
import { ScopedIncidentContexts } from '../IncidentContextBuilder';
import { BotCommands } from './BotCommands';
import { BotMediaFetcher } from './BotMediaFetcher';
import { BotQuestionAsker, Reader } from './BotQuestionAsker';
import {
  CHAT_NOT_RECOGNISED_NOTE,
  EMPTY_MESSAGE_TEXT,
  FAILED_TEXT,
  welcomeText,
} from './botTexts';
import { ChatIncidentFinder } from './ChatIncidentFinder';
import { stripMentions } from './stripMentions';
import { BotAnswerSink, BotConversation, BotInboundMessage } from './types';

/** Earlier lines of the chat given to the analyzer with a question. */
const CONVERSATION_LINES = 20;

/** What the conversation reads and calls; each a narrow slice. */
export interface DefaultBotConversationOptions {
  warRooms: Pick<WarRoomStore, 'findByChatId' | 'get' | 'list'>;
  incidents: Pick<WeComIncidentProvider, 'getIncident'>;
  links: Pick<LinkStore, 'findByMember'>;
  /** The asker's linked user and the permission policy's decisions for them. */
  access: LinkedUserAccess;
  log: ConversationLog;
  /** The fixed commands, tried first; without them everything is a question. */
  commands?: BotCommands;
  /** The configured analyzer (a model, or the built-in one). */
  analyzer: WeComIncidentAnalyzer;
  /** Answers when the configured analyzer fails: the built-in one. */
  fallback: WeComIncidentAnalyzer;
  /** The analyzer's reads, limited to what the asker may see. */
  contexts: ScopedIncidentContexts;
  media: Pick<BotMediaFetcher, 'fetchAll'>;
  logger: LoggerService;
  now?: () => DateTime;
}

/**
 * The bot's side of a chat, shared by both transports: finds what the chat
 * is about (a War Room's incident) and who asks (their linked user), runs
 * a command or asks the analyzer, streams the answer into the transport's
 * sink and keeps both sides of the conversation in the log. Never throws:
 * whatever happens, the sink gets a finished answer.
 *
 * A chat message carries no Backstage token, so everything is done as the
 * asker's linked user: an unlinked member is told how to link and nothing
 * else (no analyzer, no media, no incident), and the analyzer reads only
 * what the permission policy and the catalog let that user see.
 */
export class DefaultBotConversation implements BotConversation {
  private readonly running = new Set<AbortController>();
  private readonly chats: ChatIncidentFinder;
  private readonly questions: BotQuestionAsker;

  constructor(private readonly options: DefaultBotConversationOptions) {
    this.chats = new ChatIncidentFinder(options);
    this.questions = new BotQuestionAsker(options);
  }

  async handle(message: BotInboundMessage, sink: BotAnswerSink): Promise<void> {
    const abort = new AbortController();
    this.running.add(abort);
    try {
      await sink.update(await this.answer(message, sink, abort.signal), true);
    } catch (error) {
      this.options.logger.warn(
        `The bot could not answer message ${message.msgId} of integration ${message.integrationId}: ${error}`,
      );
      await sink.update(FAILED_TEXT, true).catch(() => {});
    } finally {
      this.running.delete(abort);
    }
  }

  /** Stops answers in progress (shutdown): models stop being asked. */
  stop() {
    for (const abort of this.running) abort.abort();
  }

  private async answer(
    message: BotInboundMessage,
    sink: BotAnswerSink,
    signal: AbortSignal,
  ): Promise<string> {
    if (message.eventType === 'enter_chat') return welcomeText();
    const { log } = this.options;
    const text = stripMentions(message.text ?? '');
    const chatKey = chatKeyOf(message);
    const [{ incident, unrecognisedGroup, namedInText }, link] =
      await Promise.all([
        this.chats.incidentOf(message, text),
        this.options.links.findByMember(
          message.integrationId,
          message.fromUserId,
        ),
      ]);
    // Read before this message is logged: the question is passed apart.
    // Lines of members Backstage does not know are left out: a stranger's
    // words must not steer a model that reads as someone else.
    const conversation = (
      await log.recent(message.integrationId, chatKey, CONVERSATION_LINES)
    ).filter(line => line.from === 'bot' || line.entityRef);
    // A chat matched only by the incident named in the text is not proven
    // to be the War Room: an unlinked member's lines there stay out of the
    // incident's log (post-mortems read it).
    const logsToIncident = incident && (!namedInText || link);
    const where = {
      integrationId: message.integrationId,
      chatKey,
      ...(logsToIncident ? { incidentId: incident.id } : {}),
    };
    await log.append({
      ...where,
      at: this.now().toISO()!,
      from: message.fromUserId,
      ...(link ? { entityRef: link.entityRef } : {}),
      text: withMediaMarkers(text, message),
    });

    const member = {
      integrationId: message.integrationId,
      wecomUserId: message.fromUserId,
    };
    let identity: Promise<MemberIdentity> | undefined;
    const final = await this.reply(message, text, {
      incident,
      unrecognisedGroup,
      linked: Boolean(link),
      // Asked once per message, and only when an answer needs it.
      asker: () => (identity ??= this.options.access.credentialsOf(member)),
      conversation,
      sink,
      signal,
    });
    await log.append({
      ...where,
      at: this.now().toISO()!,
      from: 'bot',
      text: final,
    });
    return final;
  }

  private async reply(
    message: BotInboundMessage,
    text: string,
    ctx: {
      incident?: WeComIncident;
      /** A group chat matched to no War Room: the answer says so. */
      unrecognisedGroup: boolean;
      linked: boolean;
      asker: () => Promise<MemberIdentity>;
      conversation: WeComAnalysisQuestion['conversation'];
      sink: BotAnswerSink;
      signal: AbortSignal;
    },
  ): Promise<string> {
    if (!text && message.media.length === 0) return EMPTY_MESSAGE_TEXT;
    if (text && this.options.commands) {
      const answer = await this.options.commands.run({
        message,
        text,
        ...(ctx.incident ? { incident: ctx.incident } : {}),
        asker: ctx.asker,
      });
      if (answer !== undefined) return answer;
    }

    // A question: only for linked members, with what their user may read.
    if (!ctx.linked) return LINK_HINT;
    const reader = await this.readerOf(await ctx.asker());
    if ('answer' in reader) return reader.answer;
    const answer = await this.questions.ask(message, text, ctx, reader);
    return ctx.unrecognisedGroup
      ? `${answer}\n\n${CHAT_NOT_RECOGNISED_NOTE}`
      : answer;
  }

  /**
   * The asker as the analyzer's reader: their user, whether the policy lets
   * them see incidents, and reads limited to that; or what to answer.
   */
  private async readerOf(
    identity: MemberIdentity,
  ): Promise<{ answer: string } | Reader> {
    if (identity.kind !== 'user') {
      return {
        answer: refusalText(
          { allowed: false, why: identity.kind },
          wecomIncidentReadPermission,
        ),
      };
    }
    const { user } = identity;
    const mayReadIncidents = await this.options.access.isAllowed(
      user,
      wecomIncidentReadPermission,
    );
    const reads = this.options.contexts.scopedTo({
      credentials: user.credentials,
      mayReadIncidents,
    });
    return { entityRef: user.entityRef, mayReadIncidents, reads };
  }

  private now(): DateTime {
    return this.options.now?.() ?? DateTime.utc();
  }
}

/** The log's line for a message: its text and what was attached. */
function withMediaMarkers(text: string, message: BotInboundMessage): string {
  const markers = message.media.map(ref =>
    ref.kind === 'image'
      ? '[image]'
      : `[file${ref.fileName ? ` ${ref.fileName}` : ''}]`,
  );
  return [text, ...markers].filter(Boolean).join(' ');
}

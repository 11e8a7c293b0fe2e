import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WeComIncident,
  WeComWarRoom,
  wecomIncidentReadPermission,
} from 'backstage-plugin-wecom-common';
import {
  WeComAnalysisAttachment,
  WeComAnalysisQuestion,
  WeComIncidentAnalyzer,
  WeComIncidentContext,
  WeComIncidentProvider,
} from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import {
  LinkedUserAccess,
  MemberIdentity,
} from '../../access/LinkedUserAccess';
import { LINK_HINT, refusalText } from '../../access/refusals';
import { LinkStore } from '../../linking/LinkStore';
import { incidentNumber } from '../../warRooms/WarRoomNamer';
import { WarRoomStore } from '../../warRooms/WarRoomStore';
import { ConversationLog, chatKeyOf } from '../conversations/ConversationLog';
import {
  IncidentContextBuilder,
  ScopedIncidentContexts,
} from '../IncidentContextBuilder';
import { BotCommands } from './BotCommands';
import { BotMediaFetcher } from './BotMediaFetcher';
import { LatestOnly } from './LatestOnly';
import {
  CHAT_NOT_RECOGNISED_NOTE,
  EMPTY_MESSAGE_TEXT,
  FAILED_TEXT,
  welcomeText,
} from './botTexts';
import { stripMentions } from './stripMentions';
import { BotAnswerSink, BotConversation, BotInboundMessage } from './types';

/** Earlier lines of the chat given to the analyzer with a question. */
const CONVERSATION_LINES = 20;
/** A failing model's reason, cut: it is shown in the chat. */
const MAX_REASON = 200;
/** Ends an answer given without incident data because the policy said no. */
const NO_INCIDENT_DATA_NOTE =
  '> Your Backstage user may not see incidents (wecom.incident.read), so this answer uses no incident data. Ask your Backstage admin for it.';

/** Who asks a question, as the analyzer reads for them. */
interface Reader {
  entityRef: string;
  /** The permission policy's `wecom.incident.read` for the user. */
  mayReadIncidents: boolean;
  /** Reads limited to what the user may see. */
  reads: IncidentContextBuilder;
}

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

  constructor(private readonly options: DefaultBotConversationOptions) {}

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
        this.incidentOf(message, text),
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
    const answer = await this.ask(message, text, ctx, reader);
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

  /** Asks the analyzer, streaming; the built-in one answers when it fails. */
  private async ask(
    message: BotInboundMessage,
    text: string,
    ctx: {
      incident?: WeComIncident;
      conversation: WeComAnalysisQuestion['conversation'];
      sink: BotAnswerSink;
      signal: AbortSignal;
    },
    reader: Reader,
  ): Promise<string> {
    const { mayReadIncidents, reads } = reader;
    const { attachments, problems } = await this.options.media.fetchAll(
      message,
    );
    const question: WeComAnalysisQuestion = {
      question: text || describeAttachments(attachments),
      ...(ctx.incident && mayReadIncidents
        ? { context: await this.contextOf(ctx.incident, reads) }
        : {}),
      conversation: ctx.conversation,
      attachments,
      askedBy: reader.entityRef,
    };
    const note = mayReadIncidents ? '' : `\n\n${NO_INCIDENT_DATA_NOTE}`;
    // Lines about unreadable media lead the answer, streamed or not.
    const prefix = problems.length ? `${problems.join('\n')}\n\n` : '';
    const stream = new LatestOnly(content => ctx.sink.update(content, false));
    const { analyzer, fallback } = this.options;
    const data = reads.dataSource;
    try {
      const { markdown } = await analyzer.answerQuestion(question, {
        onText: soFar => stream.push(prefix + soFar),
        signal: ctx.signal,
        data,
      });
      await stream.drain();
      return prefix + markdown + note;
    } catch (error) {
      await stream.drain();
      if (analyzer === fallback || ctx.signal.aborted) throw error;
      this.options.logger.warn(
        `The ${analyzer.name} analyzer could not answer a bot question; answering with ${fallback.name}: ${error}`,
      );
      const { markdown } = await fallback.answerQuestion(question, { data });
      return `${prefix}${markdown}\n\n> ${
        analyzer.name
      } could not answer (${reasonOf(error)}); this answer is from the ${
        fallback.name
      } analyzer.${note}`;
    }
  }

  /**
   * The incident of a War Room chat. Whether the `chatid` of smart-bot
   * group messages equals the chatid `appchat/create` gave the War Room is
   * not documented, so a chat the store does not know is also matched by
   * the incident's number (as in the War Room's name) or an explicit
   * `#id` in the question; failing both, the answer says the chat was not
   * recognised instead of silently being about nothing.
   */
  private async incidentOf(
    message: BotInboundMessage,
    text: string,
  ): Promise<{
    incident?: WeComIncident;
    unrecognisedGroup: boolean;
    /** Matched by the text, not by the chat's id. */
    namedInText?: boolean;
  }> {
    if (message.chatType !== 'group' || !message.chatId) {
      return { unrecognisedGroup: false };
    }
    const { warRooms, incidents } = this.options;
    const byChat = await warRooms.findByChatId(
      message.integrationId,
      message.chatId,
    );
    const warRoom =
      byChat ?? (await this.warRoomNamedIn(message.integrationId, text));
    const incident =
      warRoom && (await incidents.getIncident(warRoom.incidentId));
    return incident
      ? { incident, unrecognisedGroup: false, namedInText: !byChat }
      : { unrecognisedGroup: true };
  }

  /** The one War Room of the integration whose incident the text names. */
  private async warRoomNamedIn(
    integrationId: string,
    text: string,
  ): Promise<WeComWarRoom | undefined> {
    const refs = incidentRefsIn(text);
    if (refs.length === 0) return undefined;
    const { warRooms } = this.options;
    const ours = (room?: WeComWarRoom) =>
      room?.integrationId === integrationId ? [room] : [];
    // A full id first; then numbers among the newest War Rooms.
    const exact = (
      await Promise.all(refs.map(ref => warRooms.get(ref)))
    ).flatMap(ours);
    const candidates = exact.length
      ? exact
      : (await warRooms.list({ limit: 200 }))
          .flatMap(ours)
          .filter(room => refs.includes(incidentNumber(room.incidentId)));
    const ids = new Set(candidates.map(room => room.incidentId));
    // Several incidents named (or one number shared): none is guessed.
    return ids.size === 1 ? candidates[0] : undefined;
  }

  /** The analyzer's context; the incident alone when the rest fails. */
  private async contextOf(
    incident: WeComIncident,
    contexts: IncidentContextBuilder,
  ): Promise<WeComIncidentContext> {
    try {
      return await contexts.forIncident(incident);
    } catch (error) {
      this.options.logger.warn(
        `Could not gather the context of incident ${incident.id} for the bot: ${error}`,
      );
      return { incident, timeline: [], similarIncidents: [] };
    }
  }

  private now(): DateTime {
    return this.options.now?.() ?? DateTime.utc();
  }
}

/**
 * Incident refs in a question: `#<id>` (as the commands take them) and
 * bare 8-hex-digit numbers (as in War Room names), the numbers upper case.
 */
/**
 * Incidents a message may name: a few, each looked up, so one message
 * cannot make the bot query the store hundreds of times.
 */
const MAX_INCIDENT_REFS = 3;

function incidentRefsIn(text: string): string[] {
  const mentions = [
    ...[...text.matchAll(/#\s*([\w-]{1,64})(?![\w-])/g)].map(m => m[1]),
    ...[...text.matchAll(/\b[0-9a-f]{8}\b/gi)].map(m => m[0]),
  ].slice(0, MAX_INCIDENT_REFS);
  const refs = new Set<string>();
  for (const ref of mentions) {
    refs.add(ref);
    refs.add(ref.toUpperCase());
  }
  return [...refs];
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

/** The question when a message only had media. */
function describeAttachments(attachments: WeComAnalysisAttachment[]): string {
  return attachments.length
    ? 'What does the attached file or image show?'
    : 'The message had only attachments, and none could be read.';
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0].trim() || 'an error';
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON)}…` : line;
}

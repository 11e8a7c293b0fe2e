import { LoggerService } from '@backstage/backend-plugin-api';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import {
  WeComAnalysisAttachment,
  WeComAnalysisQuestion,
  WeComIncidentAnalyzer,
  WeComIncidentContext,
} from 'backstage-plugin-wecom-node';
import { IncidentContextBuilder } from '../IncidentContextBuilder';
import { BotMediaFetcher } from './BotMediaFetcher';
import { LatestOnly } from './LatestOnly';
import { BotAnswerSink, BotInboundMessage } from './types';

/** A failing model's reason, cut: it is shown in the chat. */
const MAX_REASON = 200;
/** Ends an answer given without incident data because the policy said no. */
const NO_INCIDENT_DATA_NOTE =
  '> Your Backstage user may not see incidents (wecom.incident.read), so this answer uses no incident data. Ask your Backstage admin for it.';

/** Who asks a question, as the analyzer reads for them. */
export interface Reader {
  entityRef: string;
  /** The permission policy's `wecom.incident.read` for the user. */
  mayReadIncidents: boolean;
  /** Reads limited to what the user may see. */
  reads: IncidentContextBuilder;
}

/**
 * Puts a bot question to the analyzer as the asker reads: with the media
 * of the message, the incident when the asker may see it, and the built-in
 * analyzer when the configured one fails.
 */
export class BotQuestionAsker {
  constructor(
    private readonly options: {
      /** The configured analyzer (a model, or the built-in one). */
      analyzer: WeComIncidentAnalyzer;
      /** Answers when the configured analyzer fails: the built-in one. */
      fallback: WeComIncidentAnalyzer;
      media: Pick<BotMediaFetcher, 'fetchAll'>;
      logger: LoggerService;
    },
  ) {}

  /** Asks the analyzer, streaming; the built-in one answers when it fails. */
  async ask(
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

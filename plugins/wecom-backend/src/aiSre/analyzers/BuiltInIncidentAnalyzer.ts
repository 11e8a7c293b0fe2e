import {
  WeComAnalysisOptions,
  WeComAnalysisQuestion,
  WeComIncidentAnalyzer,
  WeComIncidentContext,
  WeComPostmortemInput,
} from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { incidentUrl } from '../../warRooms/warRoomPosts';
import { writeAnalysis } from './builtIn/analysisMarkdown';
import { writeAnswer } from './builtIn/answerMarkdown';
import { writePostmortem } from './builtIn/postmortemMarkdown';

/**
 * The analyzer the plugin ships: no model, only rules over the incident,
 * its timeline, the catalog's facts and similar past incidents. It says
 * what it cannot know instead of guessing, and never calls out anywhere,
 * so it is also what the bot falls back to when a model server fails.
 */
export class BuiltInIncidentAnalyzer implements WeComIncidentAnalyzer {
  readonly name = 'built-in';

  private readonly timeZone: string;
  private readonly now: () => DateTime;
  private readonly incidentUrl?: (id: string) => string;

  constructor(
    options: {
      /** IANA zone of the times shown, e.g. `wecom.cards.timeZone`; UTC by default. */
      timeZone?: string;
      /** The Backstage app, for links to similar incidents' pages. */
      appBaseUrl?: string;
      /** For tests. */
      now?: () => DateTime;
    } = {},
  ) {
    const { appBaseUrl } = options;
    this.timeZone = options.timeZone ?? 'UTC';
    this.now = options.now ?? (() => DateTime.now());
    this.incidentUrl = appBaseUrl
      ? id => incidentUrl(appBaseUrl, id)
      : undefined;
  }

  async analyzeIncident(
    context: WeComIncidentContext,
    options?: WeComAnalysisOptions,
  ): Promise<{ markdown: string }> {
    return this.emit(writeAnalysis({ ...this.facts(), context }), options);
  }

  async answerQuestion(
    question: WeComAnalysisQuestion,
    options?: WeComAnalysisOptions,
  ): Promise<{ markdown: string }> {
    return this.emit(writeAnswer(question, this.facts()), options);
  }

  async writePostmortem(
    input: WeComPostmortemInput,
    options?: WeComAnalysisOptions,
  ): Promise<{ markdown: string }> {
    return this.emit(writePostmortem(input, this.facts()), options);
  }

  private facts() {
    return {
      now: this.now(),
      timeZone: this.timeZone,
      incidentUrl: this.incidentUrl,
    };
  }

  /** The whole text at once: there is nothing to stream without a model. */
  private emit(
    markdown: string,
    options: WeComAnalysisOptions | undefined,
  ): { markdown: string } {
    options?.onText?.(markdown);
    return { markdown };
  }
}

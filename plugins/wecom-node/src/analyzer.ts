import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  WeComIncident,
  WeComIncidentQuery,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';

/**
 * A past incident that reads like the current one, with how alike (0..1).
 *
 * @public
 */
export interface WeComSimilarIncident {
  incident: WeComIncident;
  score: number;
}

/**
 * What the catalog says about the incident's entity, when it knows it.
 *
 * @public
 */
export interface WeComAnalysisEntityFacts {
  entityRef: string;
  title?: string;
  description?: string;
  owners: string[];
  system?: string;
  lifecycle?: string;
  /** Runbooks, dashboards and other links of the entity. */
  links: { title: string; url: string }[];
  /** Entities that depend on this one (from the catalog's relations). */
  dependents: string[];
}

/**
 * Reads incident data on the analyzer's behalf: a model server gets these
 * as tools. Every read is limited to whom the answer is for: a bot answer
 * reads what the asker's linked Backstage user may read; a War Room's
 * first analysis and a post-mortem read only their own incident, its
 * timeline and its entity (their text reaches people who may not see other
 * incidents). A refused read throws a `NotAllowedError` whose message says
 * why; pass it on to the model rather than failing the answer.
 *
 * @public
 */
export interface WeComAnalysisDataSource {
  getIncident(id: string): Promise<WeComIncident | undefined>;
  /** Oldest first. */
  listTimeline(incidentId: string): Promise<WeComTimelineEntry[]>;
  listIncidents(query: WeComIncidentQuery): Promise<WeComIncident[]>;
  /** Closed incidents whose text is closest to `text`, best first. */
  findSimilarIncidents(
    text: string,
    options?: { excludeId?: string; limit?: number },
  ): Promise<WeComSimilarIncident[]>;
  /** The catalog's facts about an entity, or undefined when unknown. */
  describeEntity(
    entityRef: string,
  ): Promise<WeComAnalysisEntityFacts | undefined>;
}

/**
 * An incident with everything the plugin knows about it, gathered before
 * the analyzer runs.
 *
 * @public
 */
export interface WeComIncidentContext {
  incident: WeComIncident;
  /** Oldest first; alerts are the entries of kind `alert`. */
  timeline: WeComTimelineEntry[];
  entity?: WeComAnalysisEntityFacts;
  /**
   * Best first. For a War Room's first analysis and a post-mortem these are
   * summaries (no description, labels or fields): their text reaches people
   * who may not see other incidents.
   */
  similarIncidents: WeComSimilarIncident[];
  /** The Backstage page of the incident. */
  incidentUrl?: string;
}

/**
 * One line of a chat the bot saw (a War Room or a single chat).
 *
 * @public
 */
export interface WeComConversationLine {
  at: string;
  /** A WeCom userid, or `bot` for the bot's own answers. */
  from: string;
  /** The linked Backstage user, when there is one. */
  entityRef?: string;
  text: string;
}

/**
 * A decrypted image or file from a bot message.
 *
 * @public
 */
export interface WeComAnalysisAttachment {
  kind: 'image' | 'file';
  /** Best guess from the bytes (e.g. `image/png`, `text/plain`). */
  mimeType: string;
  fileName?: string;
  bytes: Uint8Array;
}

/**
 * A question someone asked the bot.
 *
 * @public
 */
export interface WeComAnalysisQuestion {
  question: string;
  /** The incident the question is about (a War Room's), when known. */
  context?: WeComIncidentContext;
  /** Earlier lines of the same chat, oldest first. */
  conversation: WeComConversationLine[];
  attachments: WeComAnalysisAttachment[];
  /** Who asked: the linked Backstage user, else the WeCom userid. */
  askedBy: string;
}

/**
 * What a post-mortem is written from.
 *
 * @public
 */
export interface WeComPostmortemInput {
  context: WeComIncidentContext;
  /** What the bot saw in the incident's War Room, oldest first. */
  conversation: WeComConversationLine[];
}

/**
 * Options every analysis call takes.
 *
 * @public
 */
export interface WeComAnalysisOptions {
  /** Called with the whole text so far (not a delta) while it grows. */
  onText?: (textSoFar: string) => void;
  /** Aborted when the answer is no longer wanted (time-out, shutdown). */
  signal?: AbortSignal;
  /** Reads more incident data; a model server gets these as tools. */
  data?: WeComAnalysisDataSource;
}

/**
 * Writes WeCom markdown about incidents: the War Room's first analysis,
 * answers to the bot's questions and post-mortems. The plugin ships a
 * built-in analyzer (no model) and an OpenAI-compatible one; a module can
 * set its own through {@link wecomAnalyzerExtensionPoint}.
 *
 * @public
 */
export interface WeComIncidentAnalyzer {
  /** Shown in posts and logs, e.g. `built-in` or `openai:qwen2.5`. */
  readonly name: string;
  /** The War Room's first analysis post (about 2,000 bytes at most). */
  analyzeIncident(
    context: WeComIncidentContext,
    options?: WeComAnalysisOptions,
  ): Promise<{ markdown: string }>;
  /** Answers a question to the bot (at most about 20,000 bytes). */
  answerQuestion(
    question: WeComAnalysisQuestion,
    options?: WeComAnalysisOptions,
  ): Promise<{ markdown: string }>;
  /**
   * A post-mortem in markdown with the sections Summary, Impact, Timeline,
   * Root cause, Corrective actions and Lessons learned.
   */
  writePostmortem(
    input: WeComPostmortemInput,
    options?: WeComAnalysisOptions,
  ): Promise<{ markdown: string }>;
}

/**
 * Lets a backend module replace the configured incident analyzer.
 *
 * @public
 */
export interface WeComAnalyzerExtensionPoint {
  /** May be called once; a second analyzer is an error. */
  setAnalyzer(analyzer: WeComIncidentAnalyzer): void;
}

/**
 * The analyzer extension point of the WeCom backend plugin.
 *
 * @public
 */
export const wecomAnalyzerExtensionPoint =
  createExtensionPoint<WeComAnalyzerExtensionPoint>({
    id: 'wecom.analyzer',
  });

/**
 * The most a post-mortem may hold, in UTF-8 bytes (100 KB).
 *
 * @public
 */
export const WECOM_POSTMORTEM_MAX_BYTES = 100 * 1024;

/**
 * The post-mortem of a closed incident: written by the configured analyzer
 * (sections Summary, Impact, Timeline, Root cause, Corrective actions and
 * Lessons learned), then edited by people.
 *
 * @public
 */
export interface WeComPostmortem {
  incidentId: string;
  /** The post-mortem in markdown. */
  markdown: string;
  /** The analyzer that wrote it, e.g. `built-in` or `openai:qwen2.5`. */
  analyzer: string;
  /** Who asked for it (entity ref), or `a service`. */
  generatedBy: string;
  generatedAt: string;
  /** Who last changed the text since it was generated, and when. */
  editedBy?: string;
  editedAt?: string;
  /** Who last posted it to the incident's War Room, and when. */
  postedBy?: string;
  postedAt?: string;
}

/**
 * The body of `PUT /incidents/:id/postmortem`.
 *
 * @public
 */
export interface WeComPostmortemUpdate {
  /** The whole text; at most {@link WECOM_POSTMORTEM_MAX_BYTES}. */
  markdown: string;
}

/**
 * The answer of `POST /incidents/:id/postmortem/post`.
 *
 * @public
 */
export interface WeComPostmortemPostResult {
  postmortem: WeComPostmortem;
  /** How many WeCom messages it took (each at most 2,048 bytes). */
  messages: number;
}

/**
 * The post-mortem as a markdown file (`GET /incidents/:id/postmortem/markdown`).
 *
 * @public
 */
export interface WeComPostmortemFile {
  /** `postmortem-<first 8 characters of the incident id>.md` */
  fileName: string;
  markdown: string;
}

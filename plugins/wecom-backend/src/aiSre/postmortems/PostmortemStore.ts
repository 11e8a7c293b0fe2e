import { WeComPostmortem } from 'backstage-plugin-wecom-common';
import { DateTime, Duration } from 'luxon';

/**
 * The right to run one generation, taken before the analyzer runs. Its
 * start time doubles as the holder's token when it is given back.
 */
export interface GenerationClaim {
  incidentId: string;
  startedAt: DateTime;
  /** The start of the generation before this one, restored on release. */
  previous?: DateTime;
}

/** Whether a generation may start now, and if not, when. */
export type GenerationClaimResult =
  | { claimed: true; claim: GenerationClaim }
  | { claimed: false; retryAt: DateTime; lastStartedAt: DateTime };

/** What a generation stores. */
export interface GeneratedPostmortem {
  markdown: string;
  analyzer: string;
  generatedBy: string;
  generatedAt: DateTime;
}

/**
 * Post-mortems, one per incident. Generations are rate limited per
 * incident across replicas: a claim succeeds only when the previous
 * generation started at least `minInterval` ago.
 */
export interface PostmortemStore {
  /** Undefined when the incident has none (or its first is being written). */
  get(incidentId: string): Promise<WeComPostmortem | undefined>;
  claimGeneration(
    incidentId: string,
    now: DateTime,
    minInterval: Duration,
  ): Promise<GenerationClaimResult>;
  /**
   * Gives a claim back after a failed generation, so the next try need not
   * wait; nothing when a later generation has claimed since.
   */
  releaseGeneration(claim: GenerationClaim): Promise<void>;
  /** Stores a new text; earlier edits are gone, when it was posted stays. */
  saveGenerated(
    incidentId: string,
    generated: GeneratedPostmortem,
  ): Promise<WeComPostmortem>;
  /** Undefined when there is no post-mortem to edit. */
  saveEdited(
    incidentId: string,
    edit: { markdown: string; editedBy: string; editedAt: DateTime },
  ): Promise<WeComPostmortem | undefined>;
  /** Undefined when there is no post-mortem. */
  markPosted(
    incidentId: string,
    posted: { postedBy: string; postedAt: DateTime },
  ): Promise<WeComPostmortem | undefined>;
}

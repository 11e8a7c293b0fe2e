import { WeComLinkRun } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';

/** The outcome of {@link LinkRunStore.lock}. */
export type LinkRunLockOutcome =
  | { acquired: true }
  /** Another run holds the integration's lock; it started at `since`. */
  | { acquired: false; runId: string; since: DateTime };

/**
 * One-Click Link runs and the per-integration lock that keeps one running
 * at a time across replicas. A run whose heartbeat stops (its replica died)
 * reads as failed, and its lock may be taken over.
 */
export interface LinkRunStore {
  /** Takes the integration's lock for `runId`, or says who holds it. */
  lock(integrationId: string, runId: string): Promise<LinkRunLockOutcome>;
  /** Keeps the run and its lock alive; false when the lock is no longer this run's. */
  heartbeat(integrationId: string, runId: string): Promise<boolean>;
  unlock(integrationId: string, runId: string): Promise<void>;
  create(run: WeComLinkRun): Promise<void>;
  /** Saves progress, results and status, and the run's heartbeat. */
  save(run: WeComLinkRun): Promise<void>;
  /**
   * Saves a run's final state and releases its lock in one transaction, so
   * nobody sees the run finished while a new start would still be refused.
   */
  finish(run: WeComLinkRun): Promise<void>;
  get(runId: string): Promise<WeComLinkRun | undefined>;
  /** The most recently started run of an integration. */
  latest(integrationId: string): Promise<WeComLinkRun | undefined>;
  /** Removes the runs and lock of a deleted integration. */
  deleteIntegration(integrationId: string): Promise<void>;
}

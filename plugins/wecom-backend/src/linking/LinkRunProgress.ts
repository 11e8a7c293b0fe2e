import { LoggerService } from '@backstage/backend-plugin-api';
import { WeComLinkRun } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { LinkRunStore } from './LinkRunStore';

/** Write progress at least this often while a run goes, and beat. */
const FLUSH_EVERY_MS = 1_000;
/** ... and after this many users, so a fast run shows steps too, ... */
const FLUSH_EVERY_USERS = 25;
/**
 * ... but not more often than this: every write stores every outcome so
 * far, and on a big catalog writing per 25 users cost more than the lookups.
 */
const MIN_MS_BETWEEN_WRITES = 250;

/**
 * The state of one running One-Click Link run: records each user's outcome
 * and persists it as it goes (the UI polls the stored run), with the
 * heartbeat that keeps the run's lock.
 */
export class LinkRunProgress {
  readonly #run: WeComLinkRun;
  readonly #store: LinkRunStore;
  readonly #logger: LoggerService;
  #timer?: ReturnType<typeof setInterval>;
  #writes: Promise<void> = Promise.resolve();
  #dirty = false;
  #flushQueued = false;
  #lastWriteAt = 0;
  #lockLost = false;

  constructor(run: WeComLinkRun, store: LinkRunStore, logger: LoggerService) {
    this.#run = structuredClone(run);
    this.#store = store;
    this.#logger = logger;
  }

  /** Starts the periodic writes and heartbeats. */
  start() {
    this.#timer = setInterval(() => this.#flush(), FLUSH_EVERY_MS);
    this.#timer.unref?.();
  }

  /** True once another replica took the lock over (this one looked dead). */
  get lockLost() {
    return this.#lockLost;
  }

  get runId(): string {
    return this.#run.id;
  }

  get integrationId(): string {
    return this.#run.integrationId;
  }

  /** Whether some users were not processed yet. */
  get unfinished(): boolean {
    return this.#run.progress.processed < this.#run.progress.total;
  }

  get run(): WeComLinkRun {
    return structuredClone(this.#run);
  }

  linked(entry: WeComLinkRun['linked'][number]) {
    this.#run.linked.push(entry);
    this.#processed();
  }

  notFound(entry: WeComLinkRun['notFound'][number]) {
    this.#run.notFound.push(entry);
    this.#processed();
  }

  failed(entry: WeComLinkRun['failed'][number]) {
    this.#run.failed.push(entry);
    this.#processed();
  }

  /** A user who got linked another way while the run was looking. */
  linkedMeanwhile() {
    this.#run.alreadyLinked += 1;
    this.#processed();
  }

  /** Stops the timer, writes the final state and releases the lock. */
  async finish(
    status: 'completed' | 'failed',
    error?: WeComLinkRun['error'],
    mobileLookups?: WeComLinkRun['mobileLookups'],
  ): Promise<WeComLinkRun> {
    if (this.#timer) clearInterval(this.#timer);
    // Progress writes already queued land first, still as running; then the
    // final state and the lock's release together, so a run never reads as
    // finished while its lock still refuses the next start.
    await this.#writes;
    this.#run.status = status;
    this.#run.finishedAt = DateTime.utc().toISO()!;
    if (error) this.#run.error = error;
    if (mobileLookups) this.#run.mobileLookups = mobileLookups;
    this.#dirty = false;
    await this.#store
      .finish(this.#snapshot())
      .catch(e => this.#warn('finish', e));
    return this.run;
  }

  #processed() {
    this.#run.progress.processed += 1;
    this.#dirty = true;
    if (
      this.#run.progress.processed % FLUSH_EVERY_USERS === 0 &&
      Date.now() - this.#lastWriteAt >= MIN_MS_BETWEEN_WRITES
    ) {
      this.#flush();
    }
  }

  /**
   * Queues one write; writes never overlap and never throw. A write already
   * waiting will carry the latest state, so no second one is queued behind
   * it: on a big catalog, users finish faster than their progress is saved.
   */
  #flush() {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    this.#writes = this.#writes.then(async () => {
      this.#flushQueued = false;
      try {
        if (this.#dirty) {
          this.#dirty = false;
          this.#lastWriteAt = Date.now();
          await this.#store.save(this.#snapshot());
        }
        const held = await this.#store.heartbeat(
          this.#run.integrationId,
          this.#run.id,
        );
        if (!held && this.#run.status === 'running') this.#lockLost = true;
      } catch (e) {
        this.#dirty = true;
        this.#warn('save', e);
      }
    });
  }

  /**
   * The run as it is now, for a write. Recorded outcomes never change, so
   * copying the lists is enough (a deep copy of every outcome per write
   * was the biggest CPU cost of a run over 10,000 users).
   */
  #snapshot(): WeComLinkRun {
    const run = this.#run;
    return {
      ...run,
      progress: { ...run.progress },
      linked: [...run.linked],
      notFound: [...run.notFound],
      failed: [...run.failed],
    };
  }

  #warn(what: string, error: unknown) {
    this.#logger.warn(
      `Could not ${what} One-Click Link run ${this.#run.id}: ${
        (error as Error)?.message ?? error
      }`,
    );
  }
}

import {
  CLAIM_TIMEOUT,
  CallbackJob,
  CallbackJobQueue,
} from './CallbackJobQueue';

/**
 * A batch renews its claims before the next job when they are older than
 * this, whatever the heartbeat timer did: after a long pause (a blocked
 * event loop, a suspended VM) the claims may have expired and been taken.
 */
const RECHECK_AFTER_MS = CLAIM_TIMEOUT.toMillis() / 2;

/** The claims of the jobs one pass is running, and whether each still holds. */
export class ClaimedBatch {
  #held = new Set<number>();
  #renewedAt: number | undefined;
  /** Renewals run one after another, so an older answer never wins. */
  #renewals: Promise<void> = Promise.resolve();

  constructor(
    private readonly queue: CallbackJobQueue,
    private readonly jobs: CallbackJob[],
  ) {}

  /** Extends every claim still held; a lost one stays lost. */
  renew(): Promise<void> {
    const next = this.#renewals.then(async () => {
      const at = this.queue.now().toMillis();
      const candidates = this.jobs.filter(
        job => this.#renewedAt === undefined || this.#held.has(job.id),
      );
      this.#held = await this.queue.renew(candidates);
      this.#renewedAt = at;
    });
    this.#renewals = next.catch(() => {});
    return next;
  }

  /** Whether `job` may run: its claim holds, renewed first if it grew old. */
  async stillHeld(job: CallbackJob): Promise<boolean> {
    const age = this.queue.now().toMillis() - (this.#renewedAt ?? 0);
    if (age >= RECHECK_AFTER_MS) await this.renew();
    return this.#held.has(job.id);
  }
}

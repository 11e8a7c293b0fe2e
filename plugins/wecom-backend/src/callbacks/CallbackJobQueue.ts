import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { claimDueRows } from '../database/claimDueRows';
import { readTimestamp, writeTimestamp } from '../database/time';
import { WriteBatcher } from '../database/WriteBatcher';
import { storedDedupKey } from './CallbackReceiptStore';

interface JobRow {
  id: number | string;
  integration_id: string;
  event_type: string;
  payload: string;
  attempts: number;
}

const TABLE = 'wecom_callback_jobs';

/** A decrypted callback waiting for its handlers. */
export interface CallbackJob {
  id: number;
  integrationId: string;
  eventType: string;
  payload: unknown;
  attempts: number;
  /**
   * The claim this job was taken with (`claimed_by`). Every claim gets its
   * own, so a replica whose claim expired and was taken over (even by its
   * own later claim) can no longer renew, finish or fail the job.
   */
  claim: string;
}

/** How long a claimed job may stay unfinished before another worker takes it. */
export const CLAIM_TIMEOUT = Duration.fromObject({ minutes: 5 });

interface NewJob {
  /** The callback's key: a second job with the same key is not queued. */
  dedupKey: string;
  workerId: string;
  integrationId: string;
  eventType: string;
  payload: unknown;
}

/**
 * A small durable queue in the plugin's database, so WeCom gets its answer
 * at once while handlers run afterwards: on the replica that received the
 * callback, or, for retries and the jobs of a replica that died, on
 * whichever replica claims them first (a conditional update decides:
 * exactly one wins).
 */
export class CallbackJobQueue {
  readonly #claimedInserts = new WriteBatcher((jobs: NewJob[]) =>
    this.insertClaimed(jobs),
  );
  #claims = 0;

  constructor(
    private readonly knex: Knex,
    /** The clock claims are taken and renewed with. */
    readonly now: () => DateTime = () => DateTime.utc(),
  ) {}

  /**
   * Queues a job already claimed by `workerId`, which runs it next, unless
   * a job with the same `dedupKey` was queued before (by any replica): then
   * answers `undefined`. One statement does both, so a replica that dies
   * cannot leave a callback marked as seen without its job. No claim round
   * trip for the replica that received the callback; the claim timeout
   * hands the job to another replica if this one dies first. Concurrent
   * calls are written together.
   */
  enqueueClaimedOnce(
    dedupKey: string,
    workerId: string,
    integrationId: string,
    eventType: string,
    payload: unknown,
  ): Promise<CallbackJob | undefined> {
    return this.#claimedInserts.add({
      dedupKey: storedDedupKey(dedupKey),
      workerId: this.newClaim(workerId),
      integrationId,
      eventType,
      payload,
    });
  }

  private async insertClaimed(
    jobs: NewJob[],
  ): Promise<Array<CallbackJob | undefined>> {
    // A key twice in one group: only its first occurrence is inserted.
    const firstIndexOf = new Map<string, number>();
    jobs.forEach((job, i) => {
      if (!firstIndexOf.has(job.dedupKey)) firstIndexOf.set(job.dedupKey, i);
    });
    const now = writeTimestamp(this.now());
    const rows = [...firstIndexOf.values()].map(i => ({
      dedup_key: jobs[i].dedupKey,
      integration_id: jobs[i].integrationId,
      event_type: jobs[i].eventType,
      payload: JSON.stringify(jobs[i].payload),
      status: 'processing',
      attempts: 1,
      available_at: now,
      claimed_by: jobs[i].workerId,
      claimed_at: now,
      created_at: now,
    }));
    const inserted: Array<{ id: number | string; dedup_key: string }> =
      await this.knex(TABLE)
        .insert(rows)
        .onConflict('dedup_key')
        .ignore()
        .returning(['id', 'dedup_key']);
    const idOf = new Map(inserted.map(row => [row.dedup_key, row.id]));
    const rowOf = new Map(rows.map(row => [row.dedup_key, row]));
    return jobs.map((job, i) => {
      const id = idOf.get(job.dedupKey);
      if (id === undefined || firstIndexOf.get(job.dedupKey) !== i) {
        return undefined;
      }
      return {
        id: Number(id),
        integrationId: job.integrationId,
        eventType: job.eventType,
        // As stored, so that a first run and a retry see the same payload.
        payload: JSON.parse(rowOf.get(job.dedupKey)!.payload),
        attempts: 1,
        claim: job.workerId,
      };
    });
  }

  /** Claims up to `limit` due jobs for `workerId`. */
  async claim(workerId: string, limit = 20): Promise<CallbackJob[]> {
    const now = this.now();
    const claim = this.newClaim(workerId);
    const rows = await claimDueRows<JobRow>(this.knex, {
      table: TABLE,
      claimedStatus: 'processing',
      workerId: claim,
      now,
      claimTimeout: CLAIM_TIMEOUT,
      limit,
    });
    return rows.map(row => ({
      id: Number(row.id),
      integrationId: row.integration_id,
      eventType: row.event_type,
      payload: JSON.parse(row.payload),
      attempts: row.attempts,
      claim,
    }));
  }

  /**
   * Extends the claims of `jobs` to now; answers the ids still held. A job
   * another worker took over (its claim had expired), or that is no longer
   * being processed, is not renewed and not answered: do not run it.
   */
  async renew(jobs: CallbackJob[]): Promise<Set<number>> {
    if (jobs.length === 0) return new Set();
    const held: Array<{ id: number | string }> = await this.whereHeld(jobs)
      .update({ claimed_at: writeTimestamp(this.now()) })
      .returning('id');
    return new Set(held.map(row => Number(row.id)));
  }

  /**
   * Marks jobs done, each only while its claim still holds (a worker whose
   * claim was taken over must not finish the new holder's run).
   */
  async completeMany(jobs: CallbackJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.whereHeld(jobs).update({
      status: 'done',
      claimed_by: null,
      claimed_at: null,
      last_error: null,
    });
  }

  /**
   * Schedules another attempt, or gives up after `maxAttempts`; only while
   * the job's claim still holds. Answers `lost` when it did not, and then
   * changes nothing.
   */
  async fail(
    job: CallbackJob,
    error: string,
    maxAttempts: number,
  ): Promise<'retry' | 'failed' | 'lost'> {
    const giveUp = job.attempts >= maxAttempts;
    // Exponential backoff: 2 s, 4 s, 8 s, … capped at 5 minutes.
    const delay = Math.min(2 ** job.attempts * 1000, 300_000);
    const changed = await this.whereHeld([job]).update({
      status: giveUp ? 'failed' : 'pending',
      available_at: writeTimestamp(this.now().plus({ milliseconds: delay })),
      claimed_by: null,
      claimed_at: null,
      last_error: error.slice(0, 2000),
    });
    if (changed === 0) return 'lost';
    return giveUp ? 'failed' : 'retry';
  }

  /** The rows of `jobs` still being processed under the claims they were taken with. */
  private whereHeld(jobs: CallbackJob[]) {
    return this.knex(TABLE)
      .where({ status: 'processing' })
      .andWhere(q => {
        for (const job of jobs) {
          q.orWhere({ id: job.id, claimed_by: job.claim });
        }
      });
  }

  /** A claim of its own for each claiming call: `workerId/n`. */
  private newClaim(workerId: string): string {
    this.#claims += 1;
    return `${workerId}/${this.#claims.toString(36)}`;
  }

  /** Deletes finished jobs older than `olderThan`. */
  async prune(olderThan: DateTime): Promise<number> {
    return this.knex(TABLE)
      .where('status', 'done')
      .andWhere('created_at', '<', writeTimestamp(olderThan))
      .delete();
  }

  /** Counts jobs per status, for the health of the queue. */
  async counts(): Promise<Record<string, number>> {
    const rows: Array<{ status: string; n: unknown }> = await this.knex(TABLE)
      .select('status')
      .count({ n: '*' })
      .groupBy('status');
    return Object.fromEntries(rows.map(r => [r.status, Number(r.n)]));
  }

  /** For tests: when the oldest pending job becomes due. */
  async nextDueAt(): Promise<DateTime | undefined> {
    const row = await this.knex(TABLE)
      .where({ status: 'pending' })
      .min({ at: 'available_at' })
      .first();
    return readTimestamp(row?.at);
  }
}

import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { claimDueRows } from '../database/claimDueRows';
import { readTimestamp, writeTimestamp } from '../database/time';

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
}

/** How long a claimed job may stay unfinished before another worker takes it. */
const CLAIM_TIMEOUT = Duration.fromObject({ minutes: 5 });

/**
 * A small durable queue in the plugin's database, so WeCom gets its answer
 * at once while handlers run afterwards, on whichever replica claims the
 * job first (a conditional update decides: exactly one wins).
 */
export class CallbackJobQueue {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => DateTime = () => DateTime.utc(),
  ) {}

  async enqueue(
    integrationId: string,
    eventType: string,
    payload: unknown,
  ): Promise<void> {
    const now = writeTimestamp(this.now());
    await this.knex(TABLE).insert({
      integration_id: integrationId,
      event_type: eventType,
      payload: JSON.stringify(payload),
      status: 'pending',
      attempts: 0,
      available_at: now,
      created_at: now,
    });
  }

  /** Claims up to `limit` due jobs for `workerId`. */
  async claim(workerId: string, limit = 20): Promise<CallbackJob[]> {
    const now = this.now();
    const rows = await claimDueRows<JobRow>(this.knex, {
      table: TABLE,
      claimedStatus: 'processing',
      workerId,
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
    }));
  }

  async complete(id: number): Promise<void> {
    await this.knex(TABLE).where({ id }).update({
      status: 'done',
      last_error: null,
    });
  }

  /** Schedules another attempt, or gives up after `maxAttempts`. */
  async fail(
    job: CallbackJob,
    error: string,
    maxAttempts: number,
  ): Promise<'retry' | 'failed'> {
    const giveUp = job.attempts >= maxAttempts;
    // Exponential backoff: 2 s, 4 s, 8 s, … capped at 5 minutes.
    const delay = Math.min(2 ** job.attempts * 1000, 300_000);
    await this.knex(TABLE)
      .where({ id: job.id })
      .update({
        status: giveUp ? 'failed' : 'pending',
        available_at: writeTimestamp(this.now().plus({ milliseconds: delay })),
        claimed_by: null,
        claimed_at: null,
        last_error: error.slice(0, 2000),
      });
    return giveUp ? 'failed' : 'retry';
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

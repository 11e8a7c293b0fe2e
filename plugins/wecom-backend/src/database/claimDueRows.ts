import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { writeTimestamp } from './time';

/**
 * Claims up to `limit` due rows of a work table for one worker, across
 * replicas: rows that are `pending` and available, or held by a worker whose
 * claim is older than `claimTimeout` (it crashed or hung). Each row is taken
 * with a conditional update on the status and claim it was read with, so
 * two replicas never both win a row. Answers the claimed rows, in id order.
 *
 * The table needs `id`, `status`, `available_at`, `claimed_by`,
 * `claimed_at` and `attempts` columns.
 */
export async function claimDueRows<Row extends { id: number | string }>(
  knex: Knex,
  options: {
    table: string;
    /** The status a claimed row is in (e.g. `processing`, `sending`). */
    claimedStatus: string;
    workerId: string;
    now: DateTime;
    claimTimeout: Duration;
    limit: number;
    /** Further columns to set when claiming, from the row as read. */
    onClaim?: (candidate: Record<string, unknown>) => Record<string, unknown>;
    /** Columns `onClaim` reads. */
    readColumns?: string[];
  },
): Promise<Row[]> {
  const { table, claimedStatus, workerId, now } = options;
  const due = await knex(table)
    .where(q =>
      q
        .where({ status: 'pending' })
        .andWhere('available_at', '<=', writeTimestamp(now)),
    )
    .orWhere(q =>
      q
        .where({ status: claimedStatus })
        .andWhere(
          'claimed_at',
          '<',
          writeTimestamp(now.minus(options.claimTimeout)),
        ),
    )
    .orderBy('id')
    .limit(options.limit)
    .select('id', 'status', 'claimed_at', ...(options.readColumns ?? []));

  const claimed: Row[] = [];
  for (const candidate of due) {
    const won = await knex(table)
      .where({ id: candidate.id, status: candidate.status })
      .andWhere(q =>
        candidate.claimed_at === null
          ? q.whereNull('claimed_at')
          : q.where('claimed_at', candidate.claimed_at),
      )
      .update({
        status: claimedStatus,
        claimed_by: workerId,
        claimed_at: writeTimestamp(now),
        attempts: knex.raw('attempts + 1'),
        ...options.onClaim?.(candidate),
      });
    if (won === 1) {
      claimed.push(await knex(table).where({ id: candidate.id }).first());
    }
  }
  return claimed;
}

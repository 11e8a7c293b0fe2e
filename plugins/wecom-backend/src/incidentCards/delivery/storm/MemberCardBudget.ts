import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { isPostgres } from '../../../database/dialect';
import { writeTimestamp } from '../../../database/time';
import { Recipient } from '../../../recipients/types';
import { StormPolicy } from './stormPolicy';

const DELIVERIES = 'wecom_card_deliveries';
/** Members per `IN (...)` list, well under every engine's limits. */
const BATCH = 500;

/**
 * Splits a card's recipients into those who get it as a card of their own
 * and those whose card budget is short (they get it in a digest). The
 * count is of distinct messages queued to the member (a card, or a
 * digest, whatever it holds), read from the deliveries every replica
 * writes, so the budget is shared across replicas.
 *
 * Call it inside the transaction that writes the deliveries: on PostgreSQL
 * it takes the members' transaction locks first, so notifications racing
 * for one member count each other's cards. On SQLite the writes are
 * serialised anyway.
 */
export async function splitByBudget(
  trx: Knex.Transaction,
  input: {
    integrationId: string;
    members: Recipient[];
    policy: StormPolicy;
    now: DateTime;
  },
): Promise<{ individual: Recipient[]; digest: Recipient[] }> {
  const { integrationId, members, policy, now } = input;
  if (members.length === 0) return { individual: [], digest: [] };
  const userIds = members.map(m => m.wecomUserId);
  await lockMembers(trx, integrationId, userIds);
  const minute = await countSince(
    trx,
    integrationId,
    userIds,
    now.minus({ minutes: 1 }),
  );
  const hour = await countSince(
    trx,
    integrationId,
    userIds,
    now.minus({ hours: 1 }),
  );
  const individual: Recipient[] = [];
  const digest: Recipient[] = [];
  for (const member of members) {
    const withinBudget =
      (minute.get(member.wecomUserId) ?? 0) < policy.cardsPerMinute &&
      (hour.get(member.wecomUserId) ?? 0) < policy.cardsPerHour;
    (withinBudget ? individual : digest).push(member);
  }
  return { individual, digest };
}

/**
 * The members' budgets are locked in 64 buckets, not one lock each: a
 * card to 10,000 people would otherwise take 10,000 locks in one
 * transaction, past PostgreSQL's shared lock table (64 per connection by
 * default). Two notifications for people of one bucket wait for each
 * other, which only costs a few milliseconds.
 */
const LOCK_BUCKETS = 64;
/** The first key of the two-key advisory locks: ours, "WCSB" in ASCII. */
const LOCK_CLASS = 0x57435342;

async function lockMembers(
  trx: Knex.Transaction,
  integrationId: string,
  userIds: string[],
) {
  if (!isPostgres(trx)) return;
  const buckets = [
    ...new Set(userIds.map(userId => bucketOf(`${integrationId}:${userId}`))),
  ].sort((a, b) => a - b);
  // In a fixed order, so two notifications never deadlock.
  await trx.raw(
    'select pg_advisory_xact_lock(?, s.b) from (select b from unnest(?::int[]) as b order by b) as s',
    [LOCK_CLASS, buckets],
  );
}

function bucketOf(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) {
    hash = (hash * 31 + key.charCodeAt(i)) | 0;
  }
  return Math.abs(hash) % LOCK_BUCKETS;
}

/** Distinct messages (task ids) queued to each member since `since`. */
async function countSince(
  trx: Knex.Transaction,
  integrationId: string,
  userIds: string[],
  since: DateTime,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < userIds.length; i += BATCH) {
    const rows: Array<{ wecom_user_id: string; cards: number | string }> =
      await trx(DELIVERIES)
        .where('integration_id', integrationId)
        .whereIn('wecom_user_id', userIds.slice(i, i + BATCH))
        .whereNotNull('task_id')
        .where('created_at', '>=', writeTimestamp(since))
        .groupBy('wecom_user_id')
        .select('wecom_user_id')
        .countDistinct({ cards: 'task_id' });
    for (const row of rows) counts.set(row.wecom_user_id, Number(row.cards));
  }
  return counts;
}

import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { OutboxEntry, OutboxStore } from '../OutboxStore';
import { DigestStore } from './DigestStore';

/**
 * The body to send for a claimed digest. Its first attempt renders it with
 * every incident it holds and closes it to more (a later incident opens
 * the member's next digest); retries send the stored bytes, as WeCom's
 * duplicate check needs. Undefined when this worker no longer holds the
 * claim.
 */
export async function sealDigestForSend(
  entry: OutboxEntry,
  deps: {
    knex: Knex;
    workerId: string;
    agentId?: number;
    /** The incident list's link, through the entry's integration's sign-in. */
    incidentsUrl?: (integrationId: string) => string;
    now: () => DateTime;
  },
): Promise<string | undefined> {
  const { knex, workerId, agentId, incidentsUrl, now } = deps;
  if (entry.attempts > 1 || agentId === undefined) return entry.body;
  return knex.transaction(async trx => {
    const body = await new DigestStore(trx).seal({
      taskId: entry.taskId,
      agentId,
      incidentsUrl: incidentsUrl?.(entry.integrationId),
      now: now(),
    });
    if (body === undefined) return entry.body;
    const mine = await new OutboxStore(trx).storeBody(entry.id, workerId, body);
    return mine ? body : undefined;
  });
}

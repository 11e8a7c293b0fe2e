import { DateTime } from 'luxon';
import { createTestDatabases } from '../../../__testUtils__/databases';
import { applyMigrations } from '../../../database/migrations';
import { writeTimestamp } from '../../../database/time';
import { splitByBudget } from './MemberCardBudget';
import { DEFAULT_STORM_POLICY } from './stormPolicy';

const databases = createTestDatabases();
const now = DateTime.fromISO('2026-12-07T10:00:00Z');
const busy = { entityRef: 'user:default/busy', wecomUserId: 'Busy' };
const quiet = { entityRef: 'user:default/quiet', wecomUserId: 'Quiet' };

describe.each(databases.eachSupportedId())(
  "a member's card budget on %p",
  databaseId => {
    it('sends a card of its own until the member got 10 in the last minute (a digest counts once), then digests', async () => {
      const knex = await databases.init(databaseId);
      await applyMigrations(knex);
      const card = (taskId: string, userId: string, ageSeconds: number) => ({
        incident_id: `i-${taskId}`,
        integration_id: 'demo',
        task_id: taskId,
        entity_ref: `user:default/${userId}`,
        wecom_user_id: userId,
        status: 'sent',
        level: 0,
        created_at: writeTimestamp(now.minus({ seconds: ageSeconds })),
        updated_at: writeTimestamp(now),
      });
      await knex('wecom_card_deliveries').insert([
        // Nine cards, and one digest holding three incidents: ten messages.
        ...Array.from({ length: 9 }, (_, i) => card(`c${i}`, 'Busy', 30)),
        ...[1, 2, 3].map(() => card('digest-1', 'Busy', 20)),
        // Older than a minute, or to someone else: not counted.
        ...Array.from({ length: 20 }, (_, i) => card(`o${i}`, 'Busy', 90)),
        ...Array.from({ length: 9 }, (_, i) => card(`q${i}`, 'Quiet', 5)),
        // Unlinked people have no task: no message.
        { ...card('x', 'Quiet', 5), task_id: null },
      ]);

      const split = await knex.transaction(trx =>
        splitByBudget(trx, {
          integrationId: 'demo',
          members: [busy, quiet],
          policy: DEFAULT_STORM_POLICY,
          now,
        }),
      );
      expect(split).toEqual({ individual: [quiet], digest: [busy] });

      // The hour's budget too: 29 messages within the hour, 10 a minute allowed.
      const hourly = await knex.transaction(trx =>
        splitByBudget(trx, {
          integrationId: 'demo',
          members: [busy, quiet],
          policy: {
            ...DEFAULT_STORM_POLICY,
            cardsPerMinute: 29,
            cardsPerHour: 20,
          },
          now,
        }),
      );
      expect(hourly).toEqual({ individual: [quiet], digest: [busy] });
      await knex.destroy();
    });
  },
);

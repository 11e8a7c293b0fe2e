import { createTestDatabases } from '../__testUtils__/databases';
import {
  migrateRouting,
  rollbackRouting,
} from '../__testUtils__/migrateRouting';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'escalation migration on %p',
  databaseId => {
    it('steps down and up again, leaving the other tables and rows alone', async () => {
      const knex = await databases.init(databaseId);
      await migrateRouting(knex);
      await knex('wecom_user_links').insert({
        integration_id: 'acme',
        entity_ref: 'user:default/jdoe',
        wecom_user_id: 'jdoe',
        source: 'manual',
        linked_at: new Date(),
      });
      await knex('wecom_user_preferences').insert({
        entity_ref: 'user:default/jdoe',
        personal_channel_enabled: false,
        updated_at: new Date(),
      });
      // Re-running is a no-op and keeps data.
      await migrateRouting(knex);
      expect(await knex('wecom_user_preferences').select('entity_ref')).toEqual(
        [{ entity_ref: 'user:default/jdoe' }],
      );

      await rollbackRouting(knex);
      expect(await knex.schema.hasTable('wecom_user_preferences')).toBe(false);
      expect(await knex.schema.hasTable('wecom_escalation_timers')).toBe(false);
      expect(await knex('wecom_user_links').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);

      await migrateRouting(knex);
      expect(await knex.schema.hasTable('wecom_escalation_timers')).toBe(true);
      expect(
        Number((await knex('wecom_user_links').count({ n: '*' }))[0].n),
      ).toBe(1);
      await knex.destroy();
    });
  },
);

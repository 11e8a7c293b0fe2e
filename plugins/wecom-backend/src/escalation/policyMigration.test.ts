import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from '../database/migrations';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const MIGRATION = '20261207124100_escalation_policies.js';
const config = {
  directory: `${__dirname}/../../migrations`,
  tableName: 'wecom_knex_migrations',
  loadExtensions: ['.js'],
};

describe.each(databases.eachSupportedId())(
  'escalation policies migration on %p',
  databaseId => {
    it('adds the policies and the run snapshot, steps down and up keeping the timers', async () => {
      const knex = await databases.init(databaseId);
      await applyMigrations(knex);
      const at = new Date();
      await knex('wecom_escalation_policies').insert({
        id: 'payments',
        name: 'Payments',
        name_key: 'payments',
        owner_ref: 'group:default/payments',
        levels: '[]',
        repeat: 0,
        version: 1,
        created_at: at,
        updated_at: at,
      });
      // Names are unique regardless of case.
      await expect(
        knex('wecom_escalation_policies').insert({
          id: 'payments-2',
          name: 'PAYMENTS',
          name_key: 'payments',
          owner_ref: 'group:default/payments',
          levels: '[]',
          created_at: at,
          updated_at: at,
        }),
        // The driver's error may come from another realm than jest's
        // `Error`, so its message is matched rather than its class.
      ).rejects.toMatchObject({ message: expect.stringMatching(/unique/i) });
      const timer = {
        incident_id: 'inc-1',
        integration_id: 'acme',
        level: 1,
        round: 0,
        run_started_at: at,
        due_at: at,
        created_at: at,
      };
      await knex('wecom_escalation_timers').insert({
        ...timer,
        policy: '{"id":"payments"}',
      });

      // Down: only this migration.
      await knex.migrate.down({ ...config, name: MIGRATION });
      expect(await knex.schema.hasTable('wecom_escalation_policies')).toBe(
        false,
      );
      expect(
        await knex.schema.hasColumn('wecom_escalation_timers', 'policy'),
      ).toBe(false);
      expect(
        await knex('wecom_escalation_timers').select('incident_id'),
      ).toEqual([{ incident_id: 'inc-1' }]);

      await applyMigrations(knex);
      expect(
        await knex.schema.hasColumn('wecom_escalation_timers', 'policy'),
      ).toBe(true);
      const [row] = await knex('wecom_escalation_timers');
      expect(row.policy).toBeNull();
      await knex.destroy();
    });
  },
);

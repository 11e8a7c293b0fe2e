import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import path from 'node:path';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

// The first migration and the War Rooms' own: the other areas' migrations
// evolve apart and War Rooms read none of their tables.
const FILES = ['20261125120000_init.js', '20261127090000_war_rooms.js'];
const migrationsDir = resolvePackagePath(
  'backstage-plugin-wecom-backend',
  'migrations',
);
const config: Knex.MigratorConfig = {
  tableName: 'wecom_knex_migrations',
  migrationSource: {
    getMigrations: async () => FILES,
    getMigrationName: (file: string) => file,
    getMigration: async (file: string) =>
      require(path.join(migrationsDir, file)),
  },
};

describe.each(databases.eachSupportedId())(
  'War Rooms migration on %p',
  databaseId => {
    it('steps down and up again, leaving the other tables and rows alone', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(config);
      await knex('wecom_integration_state').insert({
        integration_id: 'acme',
        last_callback_at: new Date(),
      });
      await knex('wecom_war_rooms').insert({
        incident_id: 'inc-1',
        integration_id: 'acme',
        chat_id: 'wr0123',
        name: 'War Room',
        status: 'active',
        members: '[]',
        unlinked: '[]',
        pending_steps: '[]',
        created_by: 'user:default/jdoe',
        created_at: new Date(),
        updated_at: new Date(),
      });
      // Re-running is a no-op and keeps data.
      await knex.migrate.latest(config);
      expect(await knex('wecom_war_rooms').select('incident_id')).toEqual([
        { incident_id: 'inc-1' },
      ]);
      // One War Room per incident. (SQLite's errors come from another
      // realm once a test file loaded the driver: compare messages.)
      const duplicate = await knex('wecom_war_rooms')
        .insert({
          incident_id: 'inc-1',
          integration_id: 'acme',
          chat_id: 'wr0456',
          name: 'Again',
          status: 'creating',
          members: '[]',
          unlinked: '[]',
          pending_steps: '[]',
          created_by: 'user:default/lisi',
          created_at: new Date(),
          updated_at: new Date(),
        })
        .then(
          () => 'inserted',
          (error: unknown) => String(error),
        );
      expect(duplicate).toMatch(/unique|duplicate/i);

      await knex.migrate.down(config);
      expect(await knex.schema.hasTable('wecom_war_rooms')).toBe(false);
      expect(
        Number((await knex('wecom_integration_state').count({ n: '*' }))[0].n),
      ).toBe(1);

      await knex.migrate.latest(config);
      expect(await knex.schema.hasTable('wecom_war_rooms')).toBe(true);
      await knex.destroy();
    });
  },
);

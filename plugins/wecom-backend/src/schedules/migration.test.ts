import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import path from 'node:path';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

// The first migration and the schedules' own: schedules read no other table.
const FILES = ['20261125120000_init.js', '20261207121000_schedules.js'];
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

const schedule = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'SRE primary',
  owner_ref: 'group:default/sre',
  time_zone: 'Asia/Shanghai',
  layers: '[]',
  created_at: new Date(),
  updated_at: new Date(),
};

describe.each(databases.eachSupportedId())(
  'schedules migration on %p',
  databaseId => {
    it('steps down and up again, leaving the other tables and rows alone', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(config);
      await knex('wecom_integration_state').insert({
        integration_id: 'acme',
        last_callback_at: new Date(),
      });
      await knex('wecom_schedules').insert(schedule);
      await knex('wecom_schedule_overrides').insert({
        id: '00000000-0000-4000-8000-000000000002',
        schedule_id: schedule.id,
        user_entity_ref: 'user:default/jdoe',
        start_at: new Date(),
        end_at: new Date(Date.now() + 3_600_000),
        created_by: 'user:default/jdoe',
        created_at: new Date(),
      });
      // Re-running is a no-op and keeps data.
      await knex.migrate.latest(config);
      expect(await knex('wecom_schedules').select('id')).toEqual([
        { id: schedule.id },
      ]);

      await knex.migrate.down(config);
      expect(await knex.schema.hasTable('wecom_schedules')).toBe(false);
      expect(await knex.schema.hasTable('wecom_schedule_overrides')).toBe(
        false,
      );
      expect(
        Number((await knex('wecom_integration_state').count({ n: '*' }))[0].n),
      ).toBe(1);

      await knex.migrate.latest(config);
      expect(await knex.schema.hasTable('wecom_schedule_overrides')).toBe(true);
      await knex.destroy();
    });

    if (databaseId.startsWith('POSTGRES')) {
      it("deletes a schedule's overrides with it (foreign key)", async () => {
        const knex = await databases.init(databaseId);
        await knex.migrate.latest(config);
        await knex('wecom_schedules').insert(schedule);
        await knex('wecom_schedule_overrides').insert({
          id: '00000000-0000-4000-8000-000000000003',
          schedule_id: schedule.id,
          user_entity_ref: 'user:default/jdoe',
          start_at: new Date(),
          end_at: new Date(Date.now() + 3_600_000),
          created_by: 'user:default/jdoe',
          created_at: new Date(),
        });
        await knex('wecom_schedules').where({ id: schedule.id }).delete();
        expect(await knex('wecom_schedule_overrides').select()).toEqual([]);
        await expect(
          knex('wecom_schedule_overrides').insert({
            id: '00000000-0000-4000-8000-000000000004',
            schedule_id: 'no-such-schedule',
            user_entity_ref: 'user:default/jdoe',
            start_at: new Date(),
            end_at: new Date(),
            created_by: 'user:default/jdoe',
            created_at: new Date(),
          }),
        ).rejects.toThrow(/foreign key/);
        await knex.destroy();
      });
    }
  },
);

import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import path from 'node:path';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const FILES = [
  '20261125120000_init.js',
  '20261207121000_schedules.js',
  '20261207150000_schedule_members.js',
];
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

const layer = (members: string[]) => ({
  members,
  handoffTime: '09:00',
  rotationDays: 7,
  startDate: '2026-11-30',
});
const schedule = (id: string, layers: object[]) => ({
  id,
  name: `Schedule ${id.slice(-1)}`,
  owner_ref: 'group:default/sre',
  time_zone: 'Asia/Shanghai',
  layers: JSON.stringify(layers),
  created_at: new Date(),
  updated_at: new Date(),
});
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe.each(databases.eachSupportedId())(
  'schedule members migration on %p',
  databaseId => {
    it('indexes the members of the schedules that exist, and steps down and up again', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up(config);
      await knex.migrate.up(config);
      await knex('wecom_schedules').insert([
        schedule(A, [
          layer(['user:default/jdoe', 'user:default/asmith']),
          layer(['user:default/jdoe']),
        ]),
        schedule(B, [layer(['user:default/lisi'])]),
      ]);

      await knex.migrate.latest(config);
      const rows = await knex('wecom_schedule_members')
        .select('schedule_id', 'user_entity_ref')
        .orderBy(['schedule_id', 'user_entity_ref']);
      expect(rows).toEqual([
        { schedule_id: A, user_entity_ref: 'user:default/asmith' },
        { schedule_id: A, user_entity_ref: 'user:default/jdoe' },
        { schedule_id: B, user_entity_ref: 'user:default/lisi' },
      ]);

      await knex.migrate.down(config);
      expect(await knex.schema.hasTable('wecom_schedule_members')).toBe(false);
      expect(await knex('wecom_schedules').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      await knex.migrate.latest(config);
      expect(await knex('wecom_schedule_members').count({ n: '*' })).toEqual([
        { n: databaseId.startsWith('POSTGRES') ? '3' : 3 },
      ]);
      await knex.destroy();
    });
  },
);

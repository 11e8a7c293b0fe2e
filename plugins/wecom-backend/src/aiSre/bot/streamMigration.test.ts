import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import path from 'node:path';
import { createTestDatabases } from '../../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

// The bot streams' migrations and what they stand on; the other areas'
// migrations evolve apart.
const BEFORE = [
  '20261125120000_init.js',
  '20261127090000_war_rooms.js',
  '20261128090100_bot_streams.js',
];
const DEDUP = '20261201120000_bot_stream_msg_dedup.js';
const migrationsDir = resolvePackagePath(
  'backstage-plugin-wecom-backend',
  'migrations',
);
const config = (files: string[]): Knex.MigratorConfig => ({
  tableName: 'wecom_knex_migrations',
  migrationSource: {
    getMigrations: async () => files,
    getMigrationName: (file: string) => file,
    getMigration: async (file: string) =>
      require(path.join(migrationsDir, file)),
  },
});

const row = (streamId: string, msgId: string, startedAt: string) => ({
  stream_id: streamId,
  integration_id: 'acme',
  msg_id: msgId,
  chat_key: 'single:ZhangSan',
  from_user_id: 'ZhangSan',
  content: streamId,
  finished: true,
  started_at: new Date(startedAt),
  updated_at: new Date(startedAt),
  heartbeat_at: new Date(startedAt),
  owner: 'replica-a',
});

describe.each(databases.eachSupportedId())(
  'bot stream de-duplication migration on %p',
  databaseId => {
    it('keeps the first stream of a message, makes msgids unique per integration, and steps down again', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(config(BEFORE));
      // Rows an older version wrote (a rolling upgrade), one message twice.
      await knex('wecom_bot_streams').insert([
        row('s-late', 'm-1', '2026-11-28T09:00:05Z'),
        row('s-first', 'm-1', '2026-11-28T09:00:00Z'),
        row('s-other', 'm-2', '2026-11-28T09:01:00Z'),
      ]);

      await knex.migrate.latest(config([...BEFORE, DEDUP]));
      expect(
        (
          await knex('wecom_bot_streams')
            .orderBy('stream_id')
            .select('stream_id')
        ).map(r => r.stream_id),
      ).toEqual(['s-first', 's-other']);
      // (SQLite's errors come from another realm: compare messages.)
      const duplicate = await knex('wecom_bot_streams')
        .insert(row('s-again', 'm-1', '2026-11-28T09:02:00Z'))
        .then(
          () => 'inserted',
          (error: Error) => error.message,
        );
      expect(duplicate).toMatch(/unique|duplicate/i);
      // Another integration's message may share the msgid.
      await knex('wecom_bot_streams').insert({
        ...row('s-b', 'm-1', '2026-11-28T09:02:00Z'),
        integration_id: 'b',
      });

      await knex.migrate.rollback(config([...BEFORE, DEDUP]));
      await knex('wecom_bot_streams').insert(
        row('s-again', 'm-1', '2026-11-28T09:02:00Z'),
      );
      // Up again over the duplicate written meanwhile: the first one stays.
      await knex.migrate.latest(config([...BEFORE, DEDUP]));
      expect(
        (
          await knex('wecom_bot_streams')
            .where({ integration_id: 'acme', msg_id: 'm-1' })
            .select('stream_id')
        ).map(r => r.stream_id),
      ).toEqual(['s-first']);
      await knex.destroy();
    });
  },
);

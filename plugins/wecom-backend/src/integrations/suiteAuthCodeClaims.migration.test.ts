import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const migrationsDir = resolvePackagePath(
  'backstage-plugin-wecom-backend',
  'migrations',
);
const ALL = fs
  .readdirSync(migrationsDir)
  .filter(file => file.endsWith('.js'))
  .sort();
const CLAIMS = '20261207110000_suite_auth_code_claims.js';

const upTo = (last: string): Knex.MigratorConfig => ({
  tableName: 'wecom_knex_migrations',
  migrationSource: {
    getMigrations: async () => ALL.filter(file => file <= last),
    getMigrationName: (file: string) => file,
    getMigration: async (file: string) =>
      require(path.join(migrationsDir, file)),
  },
});

describe.each(databases.eachSupportedId())(
  'Suite auth code claims migration on %p',
  databaseId => {
    it('keeps a replica’s claim and makes waiting codes due', async () => {
      const knex = await databases.init(databaseId);
      const before = ALL[ALL.indexOf(CLAIMS) - 1];
      await knex.migrate.latest(upTo(before));
      const receivedAt = new Date('2026-12-07T10:00:00Z');
      const row = (code: string, claimedBy: string | null) => ({
        suite_id: 'suite-1',
        code_digest: code,
        info_type: 'create_auth',
        sealed_auth_code: 'sealed',
        instruction_at: receivedAt,
        received_at: receivedAt,
        status: 'pending',
        attempts: 0,
        claimed_by: claimedBy,
        claimed_at: claimedBy ? receivedAt : null,
      });
      await knex('wecom_suite_auth_codes').insert([
        row('waiting', null),
        row('claimed', 'replica-a'),
      ]);

      await knex.migrate.latest(upTo(CLAIMS));
      const rows = await knex('wecom_suite_auth_codes')
        .orderBy('code_digest')
        .select('code_digest', 'status', 'available_at');
      expect(rows.map(r => [r.code_digest, r.status])).toEqual([
        ['claimed', 'exchanging'],
        ['waiting', 'pending'],
      ]);
      for (const r of rows) expect(r.available_at).not.toBeNull();

      await knex.migrate.down(upTo(CLAIMS));
      expect(
        await knex('wecom_suite_auth_codes')
          .orderBy('code_digest')
          .select('code_digest', 'status'),
      ).toEqual([
        { code_digest: 'claimed', status: 'pending' },
        { code_digest: 'waiting', status: 'pending' },
      ]);
    });
  },
);

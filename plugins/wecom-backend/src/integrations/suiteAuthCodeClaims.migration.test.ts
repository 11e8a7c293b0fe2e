import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import { DateTime, Duration } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { SecretSealer } from './sealing';
import { SuiteAuthCodeStore } from './SuiteAuthCodeStore';

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

    it('claims the codes a replica on the older code wrote during a rolling upgrade, and leaves its fresh claim alone', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(upTo(CLAIMS));
      const sealer = SecretSealer.fromPassphrase('x'.repeat(32));
      const now = DateTime.fromISO('2026-12-07T10:05:00Z', { zone: 'utc' });
      const receivedAt = now.minus({ minutes: 1 }).toJSDate();
      // As the older code writes them: no available_at, claimed while pending.
      const older = (code: string, claimedAt: Date | null) => ({
        suite_id: 'suite-1',
        code_digest: code,
        info_type: 'create_auth',
        sealed_auth_code: sealer.seal(
          `code-${code}`,
          'suite:suite-1:auth-code',
        ),
        instruction_at: receivedAt,
        received_at: receivedAt,
        status: 'pending',
        attempts: claimedAt ? 1 : 0,
        claimed_by: claimedAt ? 'older-replica' : null,
        claimed_at: claimedAt,
      });
      await knex('wecom_suite_auth_codes').insert([
        older('waiting', null),
        older('held', now.minus({ seconds: 10 }).toJSDate()),
      ]);
      const store = new SuiteAuthCodeStore(
        knex,
        () => sealer,
        () => now,
      );

      await store.claimDue(
        'new-replica',
        now.minus(Duration.fromObject({ minutes: 3 })),
      );
      const rows = await knex('wecom_suite_auth_codes')
        .orderBy('code_digest')
        .select('code_digest', 'status', 'claimed_by');
      expect(rows).toEqual([
        {
          code_digest: 'held',
          status: 'exchanging',
          claimed_by: 'older-replica',
        },
        {
          code_digest: 'waiting',
          status: 'exchanging',
          claimed_by: 'new-replica',
        },
      ]);
    });
  },
);

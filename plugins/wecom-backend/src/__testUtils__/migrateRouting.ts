import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import path from 'node:path';

const migrationsDir = resolvePackagePath(
  'backstage-plugin-wecom-backend',
  'migrations',
);

// Only the migrations routing reads from (links, preferences, timers): the
// other areas' tables are not needed and their migrations evolve apart.
const FILES = [
  '20261125120000_init.js',
  '20261126090000_linking.js',
  '20261126100300_escalation.js',
];

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => FILES,
  getMigrationName: file => file,
  getMigration: async file => require(path.join(migrationsDir, file)),
};

/** Brings a test database up to what routing needs. */
export async function migrateRouting(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    migrationSource: source,
    tableName: 'wecom_knex_migrations',
  });
}

/** Steps routing's own migration down (for the migration test). */
export async function rollbackRouting(knex: Knex): Promise<void> {
  await knex.migrate.down({
    migrationSource: source,
    tableName: 'wecom_knex_migrations',
  });
}

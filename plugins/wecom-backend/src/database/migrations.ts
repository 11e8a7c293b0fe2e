import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  'backstage-plugin-wecom-backend',
  'migrations',
);

/**
 * Opens the plugin's database and brings its schema up to date, unless the
 * operator manages migrations separately (`migrations.skip`).
 */
export async function openDatabase(database: DatabaseService): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await applyMigrations(knex);
  }
  return knex;
}

/** Runs every pending migration. */
export async function applyMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDir,
    tableName: 'wecom_knex_migrations',
    loadExtensions: ['.js'],
  });
}

/** Steps every migration back down; for the migration test. */
export async function rollbackMigrations(knex: Knex): Promise<void> {
  await knex.migrate.rollback(
    {
      directory: migrationsDir,
      tableName: 'wecom_knex_migrations',
      loadExtensions: ['.js'],
    },
    true,
  );
}

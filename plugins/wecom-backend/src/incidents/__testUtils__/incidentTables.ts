import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/**
 * Creates just the incidents area's tables with its own migration, so the
 * provider's tests depend on nothing else in the schema.
 */
export async function createIncidentTables(knex: Knex): Promise<void> {
  await knex.migrate.up({
    name: '20261126100000_incidents.js',
    directory: resolvePackagePath(
      'backstage-plugin-wecom-backend',
      'migrations',
    ),
    tableName: 'wecom_incidents_test_migrations',
    loadExtensions: ['.js'],
  });
}

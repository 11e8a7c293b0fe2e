import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

// PostgreSQL runs where a BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING
// points at a server (`yarn test:all` sets it when one answers on
// 127.0.0.1:5432); SQLite always runs. Docker is never used.
const CANDIDATES: TestDatabaseId[] = [
  'SQLITE_3',
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
  'POSTGRES_13',
];

let warned = false;

/** The test databases of this machine: SQLite, plus PostgreSQL if given. */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({
    ids: CANDIDATES,
    disableDocker: true,
  });
  if (!warned && databases.eachSupportedId().length === 1) {
    warned = true;
    // eslint-disable-next-line no-console
    console.warn(
      'PostgreSQL tests skipped: no BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING is set (yarn test:all sets it when PostgreSQL answers on 127.0.0.1:5432)',
    );
  }
  return databases;
}

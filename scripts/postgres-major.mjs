// Prints the major version of the PostgreSQL server at the given URL, or
// exits non-zero when none answers (used by scripts/test-all.sh).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Client } = require('pg');

const client = new Client({
  connectionString: process.argv[2],
  connectionTimeoutMillis: 3000,
});
try {
  await client.connect();
  const { rows } = await client.query('SHOW server_version_num');
  process.stdout.write(
    String(Math.floor(Number(rows[0].server_version_num) / 10000)),
  );
  await client.end();
} catch {
  process.exit(1);
}

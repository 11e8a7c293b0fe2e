import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';

/** The part of `pg` used here (the package ships no types of its own). */
export interface PgClient {
  connect(): Promise<void>;
  query<Row>(sql: string, values?: unknown[]): Promise<{ rows: Row[] }>;
  end(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as {
  Client: new (config: { connectionString: string }) => PgClient;
};

/**
 * The shared services two replicas need: one PostgreSQL and one Redis.
 * `POSTGRES_URL` and `REDIS_URL` override the local defaults.
 */
export const POSTGRES_URL =
  process.env.POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// Run in a child process so the answer is known synchronously, when jest
// collects the tests (a skipped test then says why in its name).
const PROBE = `
const net = require('node:net');
const { Client } = require(process.env.PROBE_PG_MODULE);
const failures = [];
const pg = new Client({ connectionString: process.env.PROBE_POSTGRES_URL, connectionTimeoutMillis: 3000 });
const postgres = pg.connect().then(() => pg.query('select 1')).then(() => pg.end())
  .catch(e => failures.push('no PostgreSQL at ' + process.env.PROBE_POSTGRES_HOST + ' (' + e.message + ')'));
const redis = new Promise(resolve => {
  const url = new URL(process.env.PROBE_REDIS_URL);
  const socket = net.connect(Number(url.port || 6379), url.hostname);
  const fail = reason => { failures.push('no Redis at ' + url.host + ' (' + reason + ')'); socket.destroy(); resolve(); };
  socket.setTimeout(3000, () => fail('timeout'));
  socket.on('error', e => fail(e.message));
  socket.on('connect', () => socket.write('*1\\r\\n$4\\r\\nPING\\r\\n'));
  socket.on('data', d => { if (!String(d).startsWith('+PONG')) fail(String(d).trim()); else { socket.destroy(); resolve(); } });
});
Promise.all([postgres, redis]).then(() => { process.stdout.write(failures.join('; ')); process.exit(0); });
`;

/** Why the shared services cannot be used, or undefined when both answer. */
export function sharedServicesMissing(): string | undefined {
  const result = spawnSync(process.execPath, ['-e', PROBE], {
    env: {
      ...process.env,
      PROBE_PG_MODULE: require.resolve('pg'),
      PROBE_POSTGRES_URL: POSTGRES_URL,
      PROBE_POSTGRES_HOST: new URL(POSTGRES_URL).host,
      PROBE_REDIS_URL: REDIS_URL,
    },
    timeout: 15_000,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    return `could not probe PostgreSQL and Redis (${
      result.error?.message ?? result.stderr.trim()
    })`;
  }
  return result.stdout.trim() || undefined;
}

/** Runs `fn` with a connection to one database of the server. */
export async function withDatabase<T>(
  database: string,
  fn: (client: PgClient) => Promise<T>,
): Promise<T> {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops every database whose name starts with `prefix` (the plugins' databases of one run). */
export async function dropDatabases(prefix: string): Promise<string[]> {
  return withDatabase('postgres', async client => {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(
        `drop database if exists "${datname.replace(/"/g, '""')}" with (force)`,
      );
    }
    return rows.map(row => row.datname);
  });
}

/**
 * Drops the databases of runs that started more than `maxAgeMs` ago under
 * `prefix` (`<prefix><epoch seconds>_…`): a run killed before its clean-up
 * leaves them behind. Younger ones may belong to a run going on now.
 */
export async function dropStaleDatabases(
  prefix: string,
  maxAgeMs: number,
): Promise<string[]> {
  const names = await withDatabase('postgres', async client => {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [prefix],
    );
    return rows.map(row => row.datname);
  });
  const stale = names.filter(name => {
    const started = Number(name.slice(prefix.length).split('_')[0]) * 1000;
    return Number.isFinite(started) && Date.now() - started > maxAgeMs;
  });
  for (const name of stale) await dropDatabases(name);
  return stale;
}

/** Deletes every Redis key that starts with `prefix`; answers how many. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  const script =
    "local n = 0 for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', key) n = n + 1 end return n";
  const reply = await redisCommand(['EVAL', script, '0', `${prefix}*`]);
  return Number(reply.replace(/^:/, ''));
}

/** One Redis command over RESP; answers the first reply line. */
function redisCommand(args: string[]): Promise<string> {
  const url = new URL(REDIS_URL);
  const parts = args.map(arg => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  const request = `*${args.length}\r\n${parts.join('')}`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port || 6379), url.hostname);
    socket.setTimeout(5000, () => {
      socket.destroy();
      reject(new Error('Redis did not answer'));
    });
    socket.on('error', reject);
    socket.on('connect', () => socket.write(request));
    socket.once('data', data => {
      socket.destroy();
      const line = data.toString('utf8').split('\r\n')[0];
      if (line.startsWith('-')) reject(new Error(line.slice(1)));
      else resolve(line);
    });
  });
}

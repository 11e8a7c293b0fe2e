import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import knexFactory, { Knex } from 'knex';
import {
  DEMO_AGENT_ID,
  DEMO_APP_SECRET,
  DEMO_CORP_ID,
  EmulatorOptions,
  EmulatorRateLimits,
  EmulatorUser,
  RunningEmulator,
  startEmulator,
} from 'wecom-emulator';
import { startWeComBackend } from '../src/__testUtils__/startWeComBackend';

/**
 * A real backend (the WeCom plugin, SQLite in memory, warnings logged) and
 * the WeCom emulator in this process, for the benchmarks that measure what
 * the plugin does against WeCom's limits. The emulator's corp holds the
 * given members; the backend's one integration `bench` calls the emulator.
 */

/**
 * The limits the emulator enforces as WeCom's: 30 messages per member a
 * minute and 1,000 an hour, 10,000 calls per API a minute, and `getuserid`
 * blocked once misses exceed 20% of the headcount, as WeCom documents them
 * (pages 90312, 95402); 1,200 lookups a
 * minute is the backend's default lookup budget (WeCom publishes no
 * separate lookup figure), so a run paced by the default budget meets it.
 */
export const WECOM_LIMITS: Required<EmulatorRateLimits> = {
  perUserPerMinute: 30,
  perUserPerHour: 1_000,
  perCorpApiPerMinute: 10_000,
  mobileLookupFailureShare: 0.2,
  lookupsPerMinute: 1_200,
};

export const BENCH_INTEGRATION_ID = 'bench';

export interface BenchBackend {
  /** e.g. `http://127.0.0.1:7007`: the backend's base URL. */
  url: string;
  emulator: RunningEmulator;
  knex: Knex;
  /** A request to the plugin's API as a signed-in user. */
  api(path: string, init?: { method?: string; body?: unknown }): Promise<any>;
  stop(): Promise<void>;
}

export async function startBenchBackend(options: {
  /** The emulated corp's members. */
  members: EmulatorUser[];
  /** The catalog. */
  entities: Entity[];
  rateLimits?: EmulatorRateLimits;
  /** The emulator's base clock (default: wall time). */
  clock?: EmulatorOptions['clock'];
  /** More `wecom.*` config of the backend. */
  extraConfig?: JsonObject;
  /** The backend's log level (default `warn`). */
  logLevel?: 'warn' | 'error';
}): Promise<BenchBackend> {
  const emulator = await startEmulator({
    corps: [
      {
        corpId: DEMO_CORP_ID,
        apps: [
          {
            agentId: DEMO_AGENT_ID,
            secret: DEMO_APP_SECRET,
            allowUsers: 'all',
          },
        ],
        users: options.members,
      },
    ],
    rateLimits: options.rateLimits,
    clock: options.clock,
  });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const { backend, server } = await startWeComBackend({
    knex,
    entities: options.entities,
    extraConfig: options.extraConfig,
    integrations: [
      {
        id: BENCH_INTEGRATION_ID,
        name: 'Bench corp',
        corpId: DEMO_CORP_ID,
        agentId: DEMO_AGENT_ID,
        secret: DEMO_APP_SECRET,
        apiBaseUrl: emulator.url,
      },
    ],
    features: [
      mockServices.rootLogger.factory({ level: options.logLevel ?? 'warn' }),
    ],
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const authorization = mockCredentials.user.header();

  return {
    url,
    emulator,
    knex,
    async api(path, init = {}) {
      const response = await fetch(`${url}/api/wecom${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          authorization,
          ...(init.body === undefined
            ? {}
            : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(`${path} answered ${response.status}: ${text}`);
      }
      return text ? JSON.parse(text) : undefined;
    },
    async stop() {
      await backend.stop();
      await emulator.close();
      await knex.destroy();
    },
  };
}

/** Waits until `done()` says so, checking every `everyMs`; fails after `timeoutMs`. */
export async function waitFor(
  what: string,
  done: () => boolean | Promise<boolean>,
  options: { everyMs?: number; timeoutMs?: number } = {},
): Promise<void> {
  const { everyMs = 5, timeoutMs = 180_000 } = options;
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, everyMs));
  }
}

/**
 * Runs One-Click Link through the API and waits until the run ends. The
 * wait reads the run's status column: the run's JSON holds every linked
 * user, and fetching it every few milliseconds would load the backend.
 */
export async function oneClickLink(
  backend: BenchBackend,
  options: { everyMs?: number; timeoutMs?: number } = {},
): Promise<any> {
  const started = await backend.api('/linked-users/one-click-link', {
    body: { integrationId: BENCH_INTEGRATION_ID },
  });
  await waitFor(
    'the One-Click Link run',
    async () => {
      const row = await backend
        .knex('wecom_link_runs')
        .where({ id: started.id })
        .first('status');
      return row?.status !== 'running';
    },
    { everyMs: options.everyMs ?? 100, timeoutMs: options.timeoutMs },
  );
  return backend.api(`/linked-users/one-click-link/runs/${started.id}`);
}

/** `u00042`: fixed width so ids sort as numbers do. */
export function memberId(index: number): string {
  return `u${String(index).padStart(5, '0')}`;
}

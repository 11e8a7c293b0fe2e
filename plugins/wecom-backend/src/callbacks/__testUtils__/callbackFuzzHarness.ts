import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import fc from 'fast-check';
import knexFactory, { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { RecordingLogger } from '../../__testUtils__/recordingLogger';
import { TEST_KEYS } from '../../__testUtils__/startWeComBackend';
import { WeComSigner } from '../../__testUtils__/wecomSigner';
import { createRouter } from '../../router';
import { WeComServices, createWeComServices } from '../../services';

/** The third-party suite the fuzzed suite callback belongs to. */
export const FUZZ_SUITE = {
  suiteId: 'wwsuitefuzz0001',
  suiteSecret: 'fuzz-suite-secret-0123456789',
  token: 'SuiteToken789',
  encodingAESKey: 'QRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456',
};

/** Signers holding the right keys of each endpoint, as WeCom would. */
export const FUZZ_SIGNERS = {
  app: new WeComSigner(
    TEST_KEYS.callbackToken,
    TEST_KEYS.callbackKey,
    TEST_KEYS.corpId,
  ),
  bot: new WeComSigner(TEST_KEYS.botToken, TEST_KEYS.botKey, ''),
  suite: new WeComSigner(
    FUZZ_SUITE.token,
    FUZZ_SUITE.encodingAESKey,
    FUZZ_SUITE.suiteId,
  ),
};

/**
 * What the database holds where a callback could write: row counts and the
 * latest timestamps, and on SQLite every change on the connection.
 */
export interface WriteSnapshot {
  /** SQLite's count of rows changed on the connection since it opened. */
  changes?: number;
  receipts: number;
  jobs: number;
  botStreams: number;
  jobAttempts: number;
  incidents: number;
  timeline: number;
  integrationState: number;
  lastCallback: unknown;
  verified: unknown;
  suiteTickets: number;
  lastTicket: unknown;
  suiteAuthorizations: number;
}

/** One HTTP answer, as the fuzz checks it. */
export interface FuzzAnswer {
  status: number;
  body: string;
}

/**
 * The plugin's real router and services in an in-process express app, with
 * Backstage's own error handler after it, as the backend mounts it. By
 * default on an in-memory SQLite database with a single connection (so
 * SQLite's `total_changes()` sees every write); or on the given database
 * (PostgreSQL). No scheduler runs: the only writes are those the requests
 * cause.
 */
export async function startCallbackFuzzApp(options: { knex?: Knex } = {}) {
  const knex: Knex =
    options.knex ??
    knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
      pool: { min: 1, max: 1 },
    });
  const isSqlite = knex.client.config.client === 'better-sqlite3';
  const logger = new RecordingLogger();
  const config = mockServices.rootConfig({
    data: {
      backend: { baseUrl: 'http://localhost:7007' },
      app: { baseUrl: 'http://localhost:3000' },
      wecom: {
        secretsKey: TEST_KEYS.secretsKey,
        integrations: [
          {
            id: 'acme',
            name: 'ACME corp',
            corpId: TEST_KEYS.corpId,
            agentId: 1000002,
            secret: TEST_KEYS.secret,
            // Nothing listens there: no handler may reach WeCom.
            apiBaseUrl: 'http://127.0.0.1:9',
            callback: {
              token: TEST_KEYS.callbackToken,
              encodingAESKey: TEST_KEYS.callbackKey,
            },
            bot: {
              token: TEST_KEYS.botToken,
              encodingAESKey: TEST_KEYS.botKey,
            },
          },
        ],
        suites: [{ ...FUZZ_SUITE, apiBaseUrl: 'http://127.0.0.1:9' }],
      },
    },
  });
  const services: WeComServices = await createWeComServices({
    config,
    logger,
    database: mockServices.database({ knex }),
    cache: mockServices.cache.mock(),
    scheduler: mockServices.scheduler.mock(),
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    permissions: mockServices.permissions(),
    discovery: mockServices.discovery(),
    auditor: mockServices.auditor.mock(),
  });
  // createWeComServices registered the AI SRE bot's callback handler.
  const app = express();
  app.use(
    '/api/wecom',
    await createRouter({
      ...services,
      logger,
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      discovery: mockServices.discovery(),
      auditor: mockServices.auditor.mock(),
    }),
  );
  app.use(MiddlewareFactory.create({ config, logger }).error());

  const server: Server = await new Promise(resolve => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const snapshotSql = `select ${isSqlite ? 'total_changes() as changes,' : ''}
      (select count(*) from wecom_callback_receipts) as receipts,
      (select count(*) from wecom_callback_jobs) as jobs,
      (select count(*) from wecom_bot_streams) as "botStreams",
      (select coalesce(sum(attempts), 0) from wecom_callback_jobs) as "jobAttempts",
      (select count(*) from wecom_incidents) as incidents,
      (select count(*) from wecom_incident_timeline) as timeline,
      (select count(*) from wecom_integration_state) as "integrationState",
      (select max(last_callback_at) from wecom_integration_state) as "lastCallback",
      (select max(callback_verified_at) from wecom_integration_state) as verified,
      (select count(*) from wecom_suite_tickets) as "suiteTickets",
      (select max(received_at) from wecom_suite_tickets) as "lastTicket",
      (select count(*) from wecom_suite_authorizations) as "suiteAuthorizations"`;
  const snapshot = async (): Promise<WriteSnapshot> => {
    const result = await knex.raw(snapshotSql);
    return isSqlite ? result[0] : result.rows[0];
  };

  /** Lets the queue finish what an accepted callback started. */
  const settle = async () => {
    for (let i = 0; i < 50; i++) {
      const before = await snapshot();
      await services.dispatcher.kick();
      const after = await snapshot();
      if (JSON.stringify(after) === JSON.stringify(before)) return;
    }
    throw new Error('The callback queue kept writing');
  };

  /** Sends a raw request: the path and query exactly as given. */
  const send = async (request: {
    method: 'GET' | 'POST';
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }): Promise<FuzzAnswer> => {
    const res = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.method === 'POST' ? request.body : undefined,
    });
    return { status: res.status, body: await res.text() };
  };

  return {
    knex,
    logger,
    services,
    server,
    baseUrl,
    send,
    snapshot,
    settle,
    async stop() {
      services.dispatcher.stop();
      await services.bot.stop();
      await new Promise(resolve => server.close(resolve));
      if (!options.knex) await knex.destroy();
    },
  };
}

export type CallbackFuzzApp = Awaited<ReturnType<typeof startCallbackFuzzApp>>;

/** What a fuzz run saw, for the test's report. */
export interface FuzzStats {
  cases: number;
  accepted: number;
  byStatus: Record<number, number>;
  byLabel: Record<string, number>;
  ms: number;
}

/** A generated request, as `callbackArbitraries` builds them. */
export interface FuzzRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  label: string;
  mustRefuse: boolean;
}

/**
 * Sends every generated request and checks what must hold for each: never
 * a 5xx; a 4xx where the request cannot be genuine; and a refused request
 * writes nothing at all. Accepted ones are let settle (the queue drains)
 * before the next request, so their writes are not blamed on it.
 */
export async function fuzzCallbacks(
  app: CallbackFuzzApp,
  requests: fc.Arbitrary<FuzzRequest>,
  numRuns: number,
): Promise<FuzzStats> {
  const stats: FuzzStats = {
    cases: 0,
    accepted: 0,
    byStatus: {},
    byLabel: {},
    ms: 0,
  };
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  const started = Date.now();
  try {
    await fc.assert(
      fc.asyncProperty(requests, async request => {
        const before = await app.snapshot();
        const answer = await app.send(request);
        stats.cases++;
        stats.byStatus[answer.status] =
          (stats.byStatus[answer.status] ?? 0) + 1;
        stats.byLabel[request.label] = (stats.byLabel[request.label] ?? 0) + 1;
        const what = `${request.method} ${request.path.slice(0, 300)} [${
          request.label
        }] answered ${answer.status} ${answer.body.slice(0, 300)}`;
        if (answer.status >= 500) throw new Error(`5xx: ${what}`);
        if (request.mustRefuse && answer.status < 400) {
          throw new Error(`Accepted what must be refused: ${what}`);
        }
        if (answer.status >= 400) {
          const after = await app.snapshot();
          if (JSON.stringify(after) !== JSON.stringify(before)) {
            throw new Error(
              `A refused request wrote: ${what}; before ${JSON.stringify(
                before,
              )}, after ${JSON.stringify(after)}`,
            );
          }
        } else {
          stats.accepted++;
          await app.settle();
        }
        if (crashes.length > 0) {
          throw new Error(`Crashed: ${String(crashes[0])} after ${what}`);
        }
      }),
      { numRuns },
    );
  } finally {
    process.off('unhandledRejection', onCrash);
    process.off('uncaughtException', onCrash);
    stats.ms = Date.now() - started;
  }
  return stats;
}

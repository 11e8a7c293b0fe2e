import { createTestDatabases } from '../../__testUtils__/databases';
import {
  CallbackFuzzApp,
  fuzzCallbacks,
  startCallbackFuzzApp,
} from './callbackFuzzHarness';
import {
  EndpointKind,
  messageCases,
  urlVerificationCases,
} from './callbackArbitraries';
import { reportFuzz } from './reportFuzz';

/**
 * SQLite runs every case; PostgreSQL (where the test databases have it) a
 * share, for what only it refuses (NUL bytes, column lengths).
 */
const POSTGRES_SHARE = 0.2;
const databases = createTestDatabases();

/**
 * The fuzz of one callback endpoint: generated URL verifications and
 * messages against the real router and services, then a genuine request
 * that must still be answered, with no error logged along the way. Shared
 * by the three `*.fuzz.test.ts` files, one per endpoint.
 */
// eslint-disable-next-line jest/no-export
export function describeCallbackFuzz(options: {
  kind: EndpointKind;
  endpoint: string;
  runs: { get: number; post: number };
  /** A genuine URL verification of this endpoint: path and echo. */
  genuine: () => { path: string; echo: string };
}) {
  const { kind, endpoint } = options;
  describe.each(databases.eachSupportedId())(
    `fuzzing ${endpoint} on %p`,
    databaseId => {
      const sqlite = databaseId === 'SQLITE_3';
      const share = sqlite ? 1 : POSTGRES_SHARE;
      const runs = {
        get: Math.round(options.runs.get * share),
        post: Math.round(options.runs.post * share),
      };
      let app: CallbackFuzzApp;
      beforeAll(async () => {
        // SQLite in memory with one connection, so every write is seen.
        app = await startCallbackFuzzApp(
          sqlite ? {} : { knex: await databases.init(databaseId) },
        );
      });
      afterAll(() => app.stop());

      it('never answers URL verification with a 5xx, and refuses without writing', async () => {
        const stats = await fuzzCallbacks(
          app,
          urlVerificationCases(kind),
          runs.get,
        );
        reportFuzz(`GET ${endpoint} on ${databaseId}`, stats);
        expect(stats.cases).toBe(runs.get);
      });

      it('never answers a message with a 5xx, and refuses without writing', async () => {
        const stats = await fuzzCallbacks(app, messageCases(kind), runs.post);
        reportFuzz(`POST ${endpoint} on ${databaseId}`, stats);
        expect(stats.cases).toBe(runs.post);
      });

      it('still answers a genuine request afterwards, with no error logged', async () => {
        const { path, echo } = options.genuine();
        expect(await app.send({ method: 'GET', path })).toEqual({
          status: 200,
          body: echo,
        });
        expect(app.logger.lines.filter(l => l.level === 'error')).toEqual([]);
      });
    },
  );
}

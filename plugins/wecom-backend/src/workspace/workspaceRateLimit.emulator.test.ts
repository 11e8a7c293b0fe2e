import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import {
  DEMO_AGENT_ID,
  DEMO_APP_SECRET,
  DEMO_CORP_ID,
  RunningEmulator,
  demoEmulatorOptions,
  startEmulator,
} from 'wecom-emulator';
import { createTestDatabases } from '../__testUtils__/databases';
import { freePort } from '../__testUtils__/freePort';
import { startWeComBackend } from '../__testUtils__/startWeComBackend';
import { WorkspaceBrowser } from './__testUtils__/workspaceBrowser';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const LIMIT = { points: 3, durationSeconds: 600 };

describe.each(databases.eachSupportedId())(
  'rate limits of the workspace login on %p',
  databaseId => {
    let emulator: RunningEmulator;
    let knex: Knex;
    const replicas: Array<Awaited<ReturnType<typeof startWeComBackend>>> = [];

    /** `path` on a replica, as the client at `host` reaches it. */
    const url = (replica: number, host: string, path: string) =>
      `http://${host}:${
        (replicas[replica].server.address() as { port: number }).port
      }/api/wecom${path}`;
    /** The same URL, reached from another client address. */
    const from = (host: string, location: string) => {
      const copy = new URL(location);
      copy.hostname = host;
      return copy.toString();
    };
    const userInfoCalls = () => emulator.callCount('auth/getuserinfo');

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      const emulatorPort = await freePort();
      const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
      // Two replicas on one database, as behind a load balancer.
      for (let i = 0; i < 2; i++) {
        replicas.push(
          await startWeComBackend({
            knex,
            integrations: [
              {
                id: 'demo',
                name: 'Demo Corp',
                corpId: DEMO_CORP_ID,
                agentId: DEMO_AGENT_ID,
                secret: DEMO_APP_SECRET,
                apiBaseUrl: emulatorUrl,
              },
            ],
            extraConfig: { workspaceLogin: { rateLimit: LIMIT } },
          }),
        );
      }
      emulator = await startEmulator({
        ...demoEmulatorOptions({ backstageUrl: url(0, 'localhost', '') }),
        port: emulatorPort,
      });
      emulator.setCurrentUser('ZhangSan');
    });
    afterAll(async () => {
      await emulator?.close();
      for (const replica of replicas) await replica.backend.stop();
    });

    it('stops a client that mints sign-ins and spends WeCom quota, with a readable 429', async () => {
      const browser = new WorkspaceBrowser();
      const homepage = url(0, '127.0.0.1', '/integrations/demo/workspace');
      // Within the budget every callback costs one auth/getuserinfo call.
      for (let i = 0; i < LIMIT.points; i++) {
        const start = await browser.open(homepage);
        expect(start.status).toBe(302);
        const wecom = await browser.open(start.location!);
        const callback = new URL(from('127.0.0.1', wecom.location!));
        callback.searchParams.set('code', `made-up-${i}`);
        const before = userInfoCalls();
        const refused = await browser.open(callback.toString());
        expect(refused.status).toBe(400);
        expect(refused.body).toMatch(/errcode 40029/);
        expect(userInfoCalls()).toBe(before + 1);
      }

      // Over it: even with a fresh state (started from another address of
      // the same browser), no WeCom call, a page that says when to come back.
      const fresh = await browser.open(
        url(0, '[::1]', '/integrations/demo/workspace'),
      );
      const wecom = await browser.open(fresh.location!);
      const callback = new URL(from('127.0.0.1', wecom.location!));
      callback.searchParams.set('code', 'made-up-again');
      const before = userInfoCalls();
      const limited = await browser.open(callback.toString());
      expect(limited.status).toBe(429);
      expect(limited.body).toMatch(
        /Too many sign-in attempts from your network\. Wait \d+ seconds/,
      );
      expect(limited.setCookies).toEqual([]);
      expect(userInfoCalls()).toBe(before);
      const start = await fetch(homepage, { redirect: 'manual' });
      expect(start.status).toBe(429);
      const retryAfter = Number(start.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(LIMIT.durationSeconds);
      expect(start.headers.getSetCookie()).toEqual([]);

      // A made-up X-Forwarded-For does not buy a new budget (no
      // backend.trustProxy here)…
      const spoofed = await fetch(homepage, {
        redirect: 'manual',
        headers: { 'X-Forwarded-For': '203.0.113.9' },
      });
      expect(spoofed.status).toBe(429);
      // …and on PostgreSQL the other replica counts against the same
      // budget (SQLite is a single-process setup: budgets in memory).
      const otherReplica = await fetch(
        url(1, '127.0.0.1', '/integrations/demo/workspace'),
        { redirect: 'manual' },
      );
      expect(otherReplica.status).toBe(databaseId === 'SQLITE_3' ? 302 : 429);

      // Another client is not affected.
      const other = await fetch(
        url(0, '[::1]', '/integrations/demo/workspace'),
        {
          redirect: 'manual',
        },
      );
      expect(other.status).toBe(302);
    });

    it('limits the confirmation page’s WeCom lookups per signed-in user', async () => {
      const preview = (user: string) =>
        request(replicas[0].server)
          .post('/api/wecom/linked-users/workspace-link/preview')
          .set('Authorization', mockCredentials.user.header(user))
          .send({ ticket: 'some-ticket' });
      for (let i = 0; i < LIMIT.points; i++) {
        expect((await preview('user:default/mallory')).status).toBe(400);
      }
      const limited = await preview('user:default/mallory');
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      expect(limited.body.error.message).toMatch(/Too many requests/);
      expect((await preview('user:default/zhangsan')).status).toBe(400);
    });
  },
);

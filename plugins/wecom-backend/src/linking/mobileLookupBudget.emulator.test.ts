import { mockCredentials } from '@backstage/backend-test-utils';
import { WeComLinkRun } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import request from 'supertest';
import { EmulatorUser, RunningEmulator, startEmulator } from 'wecom-emulator';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  eventually,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';
import { userEntity } from './__testUtils__/catalogUsers';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };

const CORP_ID = 'wwmobilebudget0001';
const AGENT_ID = 1000002;
const SECRET = 'mobile-budget-app-secret';
/** A second app of the same corp, linked by a second integration. */
const SIBLING_AGENT_ID = 1000003;
const SIBLING_SECRET = 'mobile-budget-sibling-secret';
/** Another corp, whose mobile lookups WeCom refuses. */
const BLOCKED_CORP_ID = 'wwmobilebudget0002';

/** A corp of 100 members, each with a corp mailbox and a mobile. */
const members: EmulatorUser[] = Array.from({ length: 100 }, (_, i) => ({
  userid: `member${i}`,
  name: `Member ${i}`,
  mobile: `1370000${String(i).padStart(4, '0')}`,
  bizMail: `member${i}@corp.example.com`,
  department: [1],
}));

// The catalog: three users WeCom knows by corp mail (and by mobile), then
// thirty whose mobile numbers are wrong (an old import, say).
const entities = [
  ...[0, 1, 2].map(i =>
    userEntity(`known${i}`, {
      email: `member${i}@corp.example.com`,
      mobile: members[i].mobile,
    }),
  ),
  ...Array.from({ length: 30 }, (_, i) =>
    userEntity(`stale${i}`, { mobile: `1390000${String(i).padStart(4, '0')}` }),
  ),
];

describe.each(databases.eachSupportedId())(
  'One-Click Link and the corp-wide mobile lookup block, on %p',
  databaseId => {
    let emulator: RunningEmulator;
    let ctx: Awaited<ReturnType<typeof startWeComBackend>>;

    beforeAll(async () => {
      const app = (agentId: number, secret: string) => ({
        agentId,
        secret,
        allowUsers: 'all' as const,
        contactPermission: true,
      });
      emulator = await startEmulator({
        corps: [
          {
            corpId: CORP_ID,
            apps: [
              app(AGENT_ID, SECRET),
              app(SIBLING_AGENT_ID, SIBLING_SECRET),
            ],
            users: members,
          },
          {
            corpId: BLOCKED_CORP_ID,
            apps: [app(AGENT_ID, SECRET)],
            users: members,
          },
        ],
        // WeCom blocks user/getuserid for a day past 20 % of the corp
        // failing (pages 95402, 96267).
        rateLimits: { mobileLookupFailureShare: 0.2 },
      });
      ctx = await startWeComBackend({
        knex: await databases.init(databaseId),
        entities,
        extraConfig: {
          linking: { concurrency: 3 },
          // A 45009 pauses lookups for one budget window: a short one here.
          rateLimits: { lookup: { points: 1_200, durationSeconds: 1 } },
        },
        integrations: [
          {
            id: 'corp',
            name: 'corp',
            corpId: CORP_ID,
            agentId: AGENT_ID,
            secret: SECRET,
            apiBaseUrl: emulator.url,
          },
          {
            id: 'sibling',
            name: 'the same corp, another app',
            corpId: CORP_ID,
            agentId: SIBLING_AGENT_ID,
            secret: SIBLING_SECRET,
            apiBaseUrl: emulator.url,
          },
          {
            id: 'blocked-corp',
            name: 'a corp WeCom blocks',
            corpId: BLOCKED_CORP_ID,
            agentId: AGENT_ID,
            secret: SECRET,
            apiBaseUrl: emulator.url,
          },
        ],
      });
    });
    afterAll(async () => {
      await ctx?.backend.stop();
      await emulator?.close();
    });

    async function runToEnd(integrationId = 'corp'): Promise<WeComLinkRun> {
      const started = await request(ctx.server)
        .post('/api/wecom/linked-users/one-click-link')
        .set(auth)
        .send({ integrationId });
      expect(started.status).toBe(202);
      let run: WeComLinkRun | undefined;
      await eventually(async () => {
        const res = await request(ctx.server)
          .get(`/api/wecom/linked-users/one-click-link/runs/${started.body.id}`)
          .set(auth);
        run = res.body;
        expect(run!.status).not.toBe('running');
      }, 1000);
      return run!;
    }

    it('looks members up by corp mail before mobile, and stops mobile lookups before WeCom would block them for the corp', async () => {
      const run = await runToEnd();

      expect(run.status).toBe('completed');
      // Found by corp mail: no mobile lookup spent on them.
      expect(run.linked.map(l => [l.entityRef, l.via]).sort()).toEqual([
        ['user:default/known0', 'email'],
        ['user:default/known1', 'email'],
        ['user:default/known2', 'email'],
      ]);
      // Five misses (plus the lookups already in flight), then no more.
      const mobileCalls = emulator.callCount('user/getuserid');
      expect(mobileCalls).toBeGreaterThanOrEqual(5);
      expect(mobileCalls).toBeLessThanOrEqual(5 + 2);
      expect(run.mobileLookups).toEqual({
        misses: mobileCalls,
        stopped: 'missShare',
        until: expect.any(String),
      });
      // WeCom never blocked the corp: 20 misses would have.
      expect(
        emulator.callCounts()['user/getuserid']?.byErrcode['45009'] ?? 0,
      ).toBe(0);
      // Everyone else is named, with what to do.
      expect(run.notFound).toHaveLength(mobileCalls);
      expect(run.failed).toHaveLength(30 - mobileCalls);
      for (const failure of run.failed) {
        expect(failure.reason).toMatch(
          /stopped mobile lookups after \d+ misses.*link by hand/,
        );
      }
    });

    it("gives a second run the same day only what the first left of the corp's budget", async () => {
      const before = emulator.callCount('user/getuserid');
      const firstMisses = before; // every mobile lookup so far found nobody

      const run = await runToEnd();

      expect(run.status).toBe('completed');
      // The first run spent the day's budget: not one more mobile lookup.
      expect(emulator.callCount('user/getuserid')).toBe(before);
      expect(run.mobileLookups).toEqual({
        misses: 0,
        stopped: 'missShare',
        earlierMisses: firstMisses,
        until: expect.any(String),
      });
      expectAboutADayFromNow(run.mobileLookups!.until!);
      expect(run.failed.length).toBeGreaterThan(0);
      for (const failure of run.failed) {
        expect(failure.reason).toMatch(
          /in earlier runs of this corp's integrations in the last 24 hours.*may resume at/,
        );
      }
    });

    it("shares the budget with the corp's other integrations", async () => {
      const before = emulator.callCount('user/getuserid');

      const run = await runToEnd('sibling');

      expect(run.status).toBe('completed');
      expect(emulator.callCount('user/getuserid')).toBe(before);
      expect(run.mobileLookups?.stopped).toBe('missShare');
      expect(run.mobileLookups?.earlierMisses).toBe(before);
    });

    it('stops mobile lookups when WeCom already refuses them (45009), and makes none in the next run', async () => {
      // Another tool's misses got the corp blocked for the day.
      emulator.injectFault({
        api: 'user/getuserid',
        errcode: 45009,
        times: 100,
      });
      const run = await runToEnd('blocked-corp');

      expect(run.status).toBe('completed');
      expect(run.mobileLookups?.stopped).toBe('blocked');
      expect(run.mobileLookups?.blockedEarlier).toBeUndefined();
      expectAboutADayFromNow(run.mobileLookups!.until!);
      expect(run.failed.length).toBeGreaterThan(0);
      for (const failure of run.failed) {
        expect(failure.reason).toMatch(/WeCom refused mobile lookups \(45009/);
      }

      // The next run knows the corp is blocked and does not ask again.
      const before = emulator.callCount('user/getuserid');
      const next = await runToEnd('blocked-corp');

      expect(emulator.callCount('user/getuserid')).toBe(before);
      expect(next.mobileLookups).toEqual({
        misses: 0,
        stopped: 'blocked',
        blockedEarlier: true,
        until: run.mobileLookups!.until,
      });
      for (const failure of next.failed) {
        expect(failure.reason).toMatch(
          /45009.*in an earlier run, so they are paused until/,
        );
      }
    });
  },
);

/** The corp's mobile lookups resume a day after now (a minute's slack). */
function expectAboutADayFromNow(iso: string) {
  const hours = DateTime.fromISO(iso).diffNow().as('hours');
  expect(hours).toBeGreaterThan(23.9);
  expect(hours).toBeLessThanOrEqual(24);
}

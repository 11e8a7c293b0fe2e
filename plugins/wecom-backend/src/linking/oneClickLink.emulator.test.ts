import { mockCredentials } from '@backstage/backend-test-utils';
import { WeComLinkRun } from 'backstage-plugin-wecom-common';
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
import {
  eventually,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';
import { userEntity } from './__testUtils__/catalogUsers';
import { startHoldingProxy } from './__testUtils__/holdingProxy';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };

const NO_CONTACTS_AGENT_ID = 1000003;
const NO_CONTACTS_SECRET = 'demo-secret-app-without-contacts';

// Members of the emulator's demo corp, as the catalog knows them.
const entities = [
  userEntity('jdoe', { displayName: 'John Doe', mobile: '13800000001' }),
  userEntity('zhangsan', { email: 'zhangsan@example.com' }), // corp mail
  userEntity('zhaoliu', { email: 'zhaoliu@example.com' }), // personal email
  // The annotation wins over the mobile, which is WangWu's.
  userEntity('lisi', { wecomUserId: 'LiSi', mobile: '13800000004' }),
  userEntity('wangwu', { mobile: '13800000004' }),
  userEntity('ghost', { mobile: '13900000099', email: 'ghost@example.com' }),
  userEntity('nobody'),
  userEntity('chenjing', { mobile: '13800000007' }),
  // An old account an admin linked to ChenJing by hand.
  userEntity('chen', { displayName: 'Chen (old account)' }),
];

/** zhaoliu has only a personal email: matched where an integration opts in. */
const matchPersonalEmail = { oneClickLink: { matchPersonalEmail: true } };

function integration(id: string, apiBaseUrl: string, overrides: object = {}) {
  return {
    id,
    name: id,
    corpId: DEMO_CORP_ID,
    agentId: DEMO_AGENT_ID,
    secret: DEMO_APP_SECRET,
    apiBaseUrl,
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'One-Click Link against the WeCom emulator on %p',
  databaseId => {
    let emulator: RunningEmulator;
    let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
    let ctx: Awaited<ReturnType<typeof startWeComBackend>>;

    beforeAll(async () => {
      const options = demoEmulatorOptions();
      options.corps![0].apps.push({
        agentId: NO_CONTACTS_AGENT_ID,
        secret: NO_CONTACTS_SECRET,
        name: 'App without the contacts permission',
        contactPermission: false,
      });
      emulator = await startEmulator(options);
      proxy = await startHoldingProxy(emulator.url);
      const url = emulator.url;
      ctx = await startWeComBackend({
        knex: await databases.init(databaseId),
        entities,
        extraConfig: {
          linking: { concurrency: 3 },
          // A 45009 pauses lookups for one budget window: a short one here.
          rateLimits: { lookup: { points: 1_200, durationSeconds: 1 } },
        },
        // Links and runs are per integration: one integration per scenario.
        integrations: [
          integration('demo', url, matchPersonalEmail),
          integration('busy', url, matchPersonalEmail),
          integration('flaky', url),
          integration('held', proxy.url),
          integration('nocontacts', url, {
            agentId: NO_CONTACTS_AGENT_ID,
            secret: NO_CONTACTS_SECRET,
          }),
          integration('wrongsecret', url, { secret: 'not-the-secret' }),
        ],
      });
    });
    afterAll(async () => {
      await ctx?.backend.stop();
      await proxy?.close();
      await emulator?.close();
    });

    const start = (integrationId: string) =>
      request(ctx.server)
        .post('/api/wecom/linked-users/one-click-link')
        .set(auth)
        .send({ integrationId });

    /** Polls the run as the UI does until it is no longer running. */
    async function finished(runId: string): Promise<WeComLinkRun> {
      let run: WeComLinkRun | undefined;
      await eventually(async () => {
        const res = await request(ctx.server)
          .get(`/api/wecom/linked-users/one-click-link/runs/${runId}`)
          .set(auth);
        expect(res.status).toBe(200);
        run = res.body;
        expect(run!.status).not.toBe('running');
      }, 1000);
      return run!;
    }

    async function runToEnd(integrationId: string) {
      const res = await start(integrationId);
      expect(res.status).toBe(202);
      return finished(res.body.id);
    }

    const lookups = () =>
      emulator.callCount('user/getuserid') +
      emulator.callCount('user/get_userid_by_email');
    const refs = (entries: Array<{ entityRef: string }>) =>
      entries.map(e => e.entityRef).sort();

    it('links users by mobile, corp mail, personal email and annotation, and says who was not found and why', async () => {
      const none = await request(ctx.server)
        .get('/api/wecom/linked-users/one-click-link')
        .query({ integration: 'demo' })
        .set(auth);
      expect(none.body).toEqual({ run: null });

      const manual = await request(ctx.server)
        .post('/api/wecom/linked-users/links')
        .set(auth)
        .send({
          integrationId: 'demo',
          entityRef: 'user:default/chen',
          wecomUserId: 'ChenJing',
        });
      expect(manual.status).toBe(200);
      const mobileBefore = emulator.callCount('user/getuserid');
      const emailBefore = emulator.callCount('user/get_userid_by_email');

      const started = await start('demo');
      expect(started.status).toBe(202);
      expect(started.body).toMatchObject({
        integrationId: 'demo',
        status: 'running',
        startedBy: 'user:default/mock',
        progress: { total: 8, processed: 0 },
        alreadyLinked: 1,
      });
      const run = await finished(started.body.id);

      expect(run).toMatchObject({
        status: 'completed',
        progress: { total: 8, processed: 8 },
        alreadyLinked: 1,
        finishedAt: expect.any(String),
      });
      expect(run.error).toBeUndefined();
      expect(
        [...run.linked].sort((a, b) => a.entityRef.localeCompare(b.entityRef)),
      ).toEqual([
        {
          entityRef: 'user:default/jdoe',
          wecomUserId: 'JohnDoe',
          via: 'mobile',
        },
        {
          entityRef: 'user:default/lisi',
          wecomUserId: 'LiSi',
          via: 'annotation',
        },
        {
          entityRef: 'user:default/wangwu',
          wecomUserId: 'WangWu',
          via: 'mobile',
        },
        {
          entityRef: 'user:default/zhangsan',
          wecomUserId: 'ZhangSan',
          via: 'email',
        },
        {
          entityRef: 'user:default/zhaoliu',
          wecomUserId: 'ZhaoLiu',
          via: 'personalEmail',
        },
      ]);
      expect(
        [...run.notFound].sort((a, b) =>
          a.entityRef.localeCompare(b.entityRef),
        ),
      ).toEqual([
        {
          entityRef: 'user:default/ghost',
          tried: ['email', 'personalEmail', 'mobile'],
        },
        { entityRef: 'user:default/nobody', tried: [] },
      ]);
      expect(run.failed).toEqual([
        {
          entityRef: 'user:default/chenjing',
          reason:
            'WeCom member ChenJing is already linked to user:default/chen',
        },
      ]);

      // Mobiles of jdoe, wangwu, ghost and chenjing: not lisi's, whose
      // annotation needed no call. Emails: zhangsan's corp mail; zhaoliu's
      // as corp mail, then personal; ghost's both ways.
      expect(emulator.callCount('user/getuserid') - mobileBefore).toBe(4);
      expect(emulator.callCount('user/get_userid_by_email') - emailBefore).toBe(
        5,
      );

      const table = await request(ctx.server)
        .get('/api/wecom/linked-users')
        .query({ integration: 'demo', filter: 'linked' })
        .set(auth);
      expect(table.body.counts).toEqual({ all: 9, linked: 6, unlinked: 3 });
      const byRef = Object.fromEntries(
        table.body.items.map((u: any) => [u.entityRef, u]),
      );
      expect(byRef['user:default/lisi']).toMatchObject({
        source: 'annotation',
        linkedBy: 'user:default/mock',
      });
      expect(byRef['user:default/jdoe']).toMatchObject({
        wecomUserId: 'JohnDoe',
        source: 'oneClick',
        linkedBy: 'user:default/mock',
      });

      const latest = await request(ctx.server)
        .get('/api/wecom/linked-users/one-click-link')
        .query({ integration: 'demo' })
        .set(auth);
      expect(latest.body).toEqual({ run });
    });

    it('links nobody new when run again, asking WeCom only about those still unlinked', async () => {
      const before = lookups();
      const run = await runToEnd('demo');

      expect(run).toMatchObject({
        status: 'completed',
        alreadyLinked: 6,
        progress: { total: 3, processed: 3 },
        linked: [],
      });
      expect(refs(run.notFound)).toEqual([
        'user:default/ghost',
        'user:default/nobody',
      ]);
      expect(refs(run.failed)).toEqual(['user:default/chenjing']);
      // ghost: mobile and two emails; chenjing: mobile.
      expect(lookups() - before).toBe(4);
    });

    it('waits out WeCom rate limits (45009) and still links everyone', async () => {
      const limited = () =>
        (emulator.callCounts()['user/getuserid']?.byErrcode['45009'] ?? 0) +
        (emulator.callCounts()['user/get_userid_by_email']?.byErrcode[
          '45009'
        ] ?? 0);
      const before = limited();
      emulator.injectFault({ api: 'user/getuserid', errcode: 45009, times: 3 });
      emulator.injectFault({
        api: 'user/get_userid_by_email',
        errcode: 45009,
        times: 2,
      });

      const run = await runToEnd('busy');

      expect(limited() - before).toBe(5);
      expect(run.status).toBe('completed');
      expect(run.failed).toEqual([]);
      expect(refs(run.linked)).toEqual([
        'user:default/chenjing',
        'user:default/jdoe',
        'user:default/lisi',
        'user:default/wangwu',
        'user:default/zhangsan',
        'user:default/zhaoliu',
      ]);
      expect(refs(run.notFound)).toEqual([
        'user:default/chen',
        'user:default/ghost',
        'user:default/nobody',
      ]);
    });

    it('records a lookup WeCom refuses for one user (60011) and goes on with the others', async () => {
      emulator.injectFault({ api: 'user/getuserid', errcode: 60011 });

      const run = await runToEnd('flaky');

      expect(run.status).toBe('completed');
      expect(run.failed).toEqual([
        {
          entityRef: expect.any(String),
          reason: expect.stringMatching(/60011.*visible range/),
          errcode: 60011,
        },
      ]);
      // Everyone else is linked or not found as without the fault.
      const others = [...run.linked, ...run.notFound].map(e => e.entityRef);
      expect(others).toHaveLength(8);
      expect(others).not.toContain(run.failed[0].entityRef);
      expect(run.progress).toEqual({ total: 9, processed: 9 });
    });

    it('stops the whole run with a hint when the app may not read contacts (48002), keeping what it linked', async () => {
      const forbidden = () =>
        (emulator.callCounts()['user/getuserid']?.byErrcode['48002'] ?? 0) +
        (emulator.callCounts()['user/get_userid_by_email']?.byErrcode[
          '48002'
        ] ?? 0);
      const run = await runToEnd('nocontacts');

      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({
        errcode: 48002,
        message: expect.stringMatching(/48002.*One-Click Link stopped/),
        hint: expect.stringMatching(/Contacts \(通讯录\) permission/),
      });
      // Only the annotation needs no lookup; nothing was tried after 48002.
      expect(run.linked.every(l => l.via === 'annotation')).toBe(true);
      expect(run.failed).toEqual([]);
      expect(run.progress.processed).toBeLessThan(run.progress.total);
      // At most the lookups already in flight (concurrency 3) hit 48002.
      expect(forbidden()).toBeGreaterThan(0);
      expect(forbidden()).toBeLessThanOrEqual(3);
      const table = await request(ctx.server)
        .get('/api/wecom/linked-users')
        .query({ integration: 'nocontacts' })
        .set(auth);
      expect(table.body.counts.linked).toBe(run.linked.length);
    });

    it('stops at once with a hint when the Secret is wrong', async () => {
      const run = await runToEnd('wrongsecret');

      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({
        errcode: 40001,
        hint: expect.stringMatching(/Secret/),
      });
      expect(JSON.stringify(run)).not.toContain('not-the-secret');
    });

    it('refuses a second start while a run is in progress (409), then runs again once it finished', async () => {
      proxy.hold();
      const first = await start('held');
      expect(first.status).toBe(202);

      const second = await start('held');
      expect(second.status).toBe(409);
      expect(second.body.error.message).toMatch(
        new RegExp(
          `already in progress for integration held \\(since ${first.body.startedAt.replace(
            /[.]/g,
            '\\.',
          )}`,
        ),
      );
      const latest = await request(ctx.server)
        .get('/api/wecom/linked-users/one-click-link')
        .query({ integration: 'held' })
        .set(auth);
      expect(latest.body.run).toMatchObject({
        id: first.body.id,
        status: 'running',
      });

      proxy.release();
      expect((await finished(first.body.id)).status).toBe('completed');
      const again = await runToEnd('held');
      expect(again).toMatchObject({ status: 'completed', linked: [] });
    });
  },
);

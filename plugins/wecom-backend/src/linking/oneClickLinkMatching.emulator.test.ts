import { mockCredentials } from '@backstage/backend-test-utils';
import { WeComLinkRun } from 'backstage-plugin-wecom-common';
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
import {
  eventually,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';
import { userEntity } from './__testUtils__/catalogUsers';
import { startHoldingProxy } from './__testUtils__/holdingProxy';
import { DatabaseLinkStore } from './DatabaseLinkStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };

/**
 * Who One-Click Link may believe. SunQi's catalog email is her company
 * address, which her WeCom profile does not carry; Mallory, a colleague in
 * a corp that lets members edit their own email, typed it into his.
 */
const entities = [
  userEntity('sunqi', { email: 'sun.qi@example.com' }),
  // Personal email only, and rightly so (the emulator's demo member).
  userEntity('zhaoliu', { email: 'zhaoliu@example.com' }),
  // Two catalog users with ZhangSan's corporate mailbox: which one is he?
  userEntity('zhangsan', { email: 'zhangsan@example.com' }),
  userEntity('zhangsan-admin', { email: 'ZhangSan@example.com' }),
  // Two with WangWu's mobile.
  userEntity('wangwu', { mobile: '13800000004' }),
  userEntity('wangwu-old', { mobile: '13800000004' }),
];

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

const optIn = { oneClickLink: { matchPersonalEmail: true } };

describe.each(databases.eachSupportedId())(
  'whom One-Click Link links, against the WeCom emulator on %p',
  databaseId => {
    let knex: Knex;
    let emulator: RunningEmulator;
    let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
    let ctx: Awaited<ReturnType<typeof startWeComBackend>>;

    beforeAll(async () => {
      const options = demoEmulatorOptions();
      options.corps![0].users.push(
        { userid: 'SunQi', name: '孙七', mobile: '13800000008' },
        {
          userid: 'Mallory',
          name: 'Mallory',
          mobile: '13800000009',
          email: 'sun.qi@example.com',
        },
      );
      emulator = await startEmulator(options);
      proxy = await startHoldingProxy(emulator.url);
      knex = await databases.init(databaseId);
      ctx = await startWeComBackend({
        knex,
        entities,
        integrations: [
          integration('plain', emulator.url),
          integration('optin', emulator.url, optIn),
          integration('held', proxy.url, optIn),
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

    async function finished(runId: string): Promise<WeComLinkRun> {
      let run: WeComLinkRun | undefined;
      await eventually(async () => {
        const res = await request(ctx.server)
          .get(`/api/wecom/linked-users/one-click-link/runs/${runId}`)
          .set(auth);
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

    async function linkOf(integrationId: string, name: string) {
      const res = await request(ctx.server)
        .get('/api/wecom/linked-users')
        .query({ integration: integrationId, q: name, filter: 'all' })
        .set(auth);
      const user = res.body.items.find(
        (u: any) => u.entityRef === `user:default/${name}`,
      );
      return user.wecomUserId ?? undefined;
    }

    it('does not link a user to a member who put her address in his personal email, unless the integration opts in', async () => {
      const run = await runToEnd('plain');

      expect(await linkOf('plain', 'sunqi')).toBeUndefined();
      expect(run.linked.map(l => l.entityRef)).not.toContain(
        'user:default/sunqi',
      );
      expect(run.notFound).toContainEqual({
        entityRef: 'user:default/sunqi',
        tried: ['email'],
      });
      // The run says what it did not try, and where to change that.
      expect(run.matching).toEqual({ personalEmail: false });
      // zhaoliu, whose only address is personal, waits for a manual link.
      expect(await linkOf('plain', 'zhaoliu')).toBeUndefined();
    });

    it('matches personal email when the integration opts in, and says which links came from it', async () => {
      const run = await runToEnd('optin');

      expect(run.matching).toEqual({ personalEmail: true });
      expect(run.linked).toContainEqual({
        entityRef: 'user:default/zhaoliu',
        wecomUserId: 'ZhaoLiu',
        via: 'personalEmail',
      });
      // The risk the admin accepted, shown for review.
      expect(run.linked).toContainEqual({
        entityRef: 'user:default/sunqi',
        wecomUserId: 'Mallory',
        via: 'personalEmail',
      });
    });

    it('keeps the choice with the integration: app-config, the setup form, and off when an update leaves it out', async () => {
      const fromConfig = await request(ctx.server)
        .get('/api/wecom/integrations/optin')
        .set(auth);
      expect(fromConfig.body.oneClickLink).toEqual({
        matchPersonalEmail: true,
      });

      const body = {
        ...integration('stored', emulator.url),
        mode: 'customApp',
        oneClickLink: { matchPersonalEmail: true },
      };
      const created = await request(ctx.server)
        .post('/api/wecom/integrations')
        .set(auth)
        .send(body);
      expect(created.status).toBe(201);
      expect(created.body.oneClickLink).toEqual({ matchPersonalEmail: true });
      const run = await runToEnd('stored');
      expect(run.matching).toEqual({ personalEmail: true });

      const { id: _id, secret: _secret, oneClickLink: _o, ...update } = body;
      const updated = await request(ctx.server)
        .put('/api/wecom/integrations/stored')
        .set(auth)
        .send(update);
      expect(updated.status).toBe(200);
      expect(updated.body.oneClickLink).toEqual({ matchPersonalEmail: false });

      const typo = await request(ctx.server)
        .put('/api/wecom/integrations/stored')
        .set(auth)
        .send({ ...update, oneClickLink: { matchPersonalEmail: 'yes' } });
      expect(typo.status).toBe(400);
      expect(typo.body.error.message).toMatch(
        /oneClickLink\.matchPersonalEmail must be true or false/,
      );
    });

    it('links nobody by an email or mobile that several catalog users share', async () => {
      const run = await runToEnd('plain');

      for (const name of [
        'zhangsan',
        'zhangsan-admin',
        'wangwu',
        'wangwu-old',
      ]) {
        expect(await linkOf('plain', name)).toBeUndefined();
      }
      const failed = Object.fromEntries(
        run.failed.map(f => [f.entityRef, f.reason]),
      );
      expect(failed['user:default/zhangsan']).toMatch(
        /email zhangsan@example\.com is shared by 2 catalog users \(user:default\/zhangsan, user:default\/zhangsan-admin\)/,
      );
      expect(failed['user:default/wangwu-old']).toMatch(
        /mobile 13800000004 is shared by 2 catalog users/,
      );
    });

    it('keeps a link made while the run was looking the user up', async () => {
      proxy.hold();
      const started = await start('held');
      expect(started.status).toBe(202);

      // Meanwhile SunQi opens the app's homepage and links herself.
      await new DatabaseLinkStore(knex).link(
        {
          integrationId: 'held',
          entityRef: 'user:default/sunqi',
          wecomUserId: 'SunQi',
          source: 'workspaceLogin',
        },
        { takeOver: true },
      );
      proxy.release();
      const run = await finished(started.body.id);

      expect(await linkOf('held', 'sunqi')).toBe('SunQi');
      expect(run.linked.map(l => l.entityRef)).not.toContain(
        'user:default/sunqi',
      );
      expect(run.alreadyLinked).toBe(1);
      expect(run.progress).toEqual({ total: 6, processed: 6 });
    });
  },
);

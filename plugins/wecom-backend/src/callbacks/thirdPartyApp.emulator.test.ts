import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  DEMO_AGENT_ID,
  DEMO_CORP_ID,
  RunningEmulator,
  demoEmulatorOptions,
  startEmulator,
} from 'wecom-emulator';
import { freePort } from '../__testUtils__/freePort';
import {
  eventually,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';
import { WeComSigner } from '../__testUtils__/wecomSigner';
import { userEntity } from '../linking/__testUtils__/catalogUsers';
import {
  WorkspaceBrowser,
  readAppRedirect,
} from '../workspace/__testUtils__/workspaceBrowser';
import {
  component,
  group,
  user,
  withRelations,
} from '../__testUtils__/demoOrg';

// Issue 15, third-party app mode as Flashduty has it: the corp only
// authorizes the suite (the form asks for the Corp ID alone); the suite
// callbacks keep the permanent code, the agent id and the authorized scope
// current; cards go out with the corp token of the permanent code; a
// cancelled authorization disables the integration with a clear status;
// members without an interface licence (接口许可) are named on the card's
// delivery.

jest.setTimeout(120_000);

const SUITE = {
  suiteId: 'wwsuite0000000002',
  suiteSecret: 'suite-secret-emulated-0123456789',
  suiteTicket: 'suite-ticket-emulated-0123456789',
  permanentCode: 'permanent-code-emulated-0123456789',
  token: 'SuiteToken789',
  encodingAESKey: 'SuiteKey0123456789abcdefghijklmnopqrstuvwxy',
};
const auth = { Authorization: mockCredentials.user.header() };

/** Sends run from the outbox: wait up to 30 s (1,500 tries 20 ms apart). */
const until = (check: () => void | Promise<void>) => eventually(check, 1_500);

describe('a third-party app integration through the WeCom emulator', () => {
  let emulator: RunningEmulator;
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
  let backendUrl: string;
  const signer = new WeComSigner(
    SUITE.token,
    SUITE.encodingAESKey,
    SUITE.suiteId,
  );

  beforeAll(async () => {
    const emulatorPort = await freePort();
    const apiBaseUrl = `http://127.0.0.1:${emulatorPort}`;
    ctx = await startWeComBackend({
      integrations: [
        {
          id: 'tenant',
          name: 'A tenant corp',
          mode: 'thirdPartyApp',
          corpId: DEMO_CORP_ID,
          apiBaseUrl,
        },
      ],
      entities: withRelations([
        group('team'),
        user('zhangsan', ['team']),
        user('lisi', ['team']),
        component('svc', 'team'),
        // One-Click Link finds WangWu by mobile with the corp token.
        userEntity('wangwu', { mobile: '13800000004' }),
        userEntity('zhaoliu'),
      ]),
      extraConfig: {
        suites: [
          {
            suiteId: SUITE.suiteId,
            suiteSecret: SUITE.suiteSecret,
            token: SUITE.token,
            encodingAESKey: SUITE.encodingAESKey,
            apiBaseUrl,
          },
        ],
      },
    });
    const backendPort = (ctx.server.address() as { port: number }).port;
    backendUrl = `http://localhost:${backendPort}`;
    const options = demoEmulatorOptions();
    options.corps![0].suites = [
      {
        suiteId: SUITE.suiteId,
        suiteSecret: SUITE.suiteSecret,
        suiteTicket: SUITE.suiteTicket,
        permanentCode: SUITE.permanentCode,
        // LiSi has no interface licence (接口许可) yet.
        unlicensedUsers: ['LiSi'],
        callback: {
          url: `http://127.0.0.1:${backendPort}/api/wecom/suites/${SUITE.suiteId}/callback`,
          token: SUITE.token,
          encodingAESKey: SUITE.encodingAESKey,
        },
      },
    ];
    emulator = await startEmulator({ ...options, port: emulatorPort });
  });
  afterAll(async () => {
    await emulator?.close();
    await ctx?.backend.stop();
  });

  /** A suite instruction as WeCom posts it to the suite's callback URL. */
  const instruct = (infoType: string, fields: string) => {
    const { query, body } = signer.xmlCallback(
      `<xml><SuiteId><![CDATA[${
        SUITE.suiteId
      }]]></SuiteId><InfoType><![CDATA[${infoType}]]></InfoType><TimeStamp>${Math.floor(
        Date.now() / 1000,
      )}</TimeStamp>${fields}</xml>`,
    );
    return request(ctx.server)
      .post(`/api/wecom/suites/${SUITE.suiteId}/callback`)
      .query(query)
      .send(body);
  };
  const authCorp = `<AuthCorpId><![CDATA[${DEMO_CORP_ID}]]></AuthCorpId>`;

  const integration = async () =>
    (await request(ctx.server).get('/api/wecom/integrations/tenant').set(auth))
      .body;
  const healthCheck = async () =>
    (
      await request(ctx.server)
        .post('/api/wecom/integrations/tenant/test')
        .set(auth)
    ).body;
  const deliveries = async (id: string): Promise<any[]> =>
    (
      await request(ctx.server)
        .get(`/api/wecom/incidents/${id}/deliveries`)
        .set(auth)
    ).body.items;
  const openIncident = async (title: string) => {
    const created = await request(ctx.server)
      .post('/api/wecom/incidents')
      .set(auth)
      .send({
        title,
        severity: 'critical',
        entityRef: 'component:default/svc',
      });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  it('stores the agent id and scope of create_auth and sends cards with the corp token', async () => {
    expect((await emulator.pushSuiteTicket(SUITE.suiteId)).status).toBe(200);
    const authCode = emulator.issueSuiteAuthCode(SUITE.suiteId);
    const created = await instruct(
      'create_auth',
      `<AuthCode><![CDATA[${authCode}]]></AuthCode>`,
    );
    expect(created.status).toBe(200);
    expect(created.text).toBe('success');

    // The browser sees the authorization (no secret): the agent and state,
    // once the auth code was exchanged after the answer.
    await until(async () => {
      expect((await integration()).authorization).toMatchObject({
        status: 'authorized',
        agentId: DEMO_AGENT_ID,
        corpName: expect.any(String),
      });
    });

    for (const [entityRef, wecomUserId] of [
      ['user:default/zhangsan', 'ZhangSan'],
      ['user:default/lisi', 'LiSi'],
    ]) {
      const linked = await request(ctx.server)
        .post('/api/wecom/linked-users/links')
        .set(auth)
        .send({ integrationId: 'tenant', entityRef, wecomUserId });
      expect(linked.status).toBe(200);
    }

    const id = await openIncident('svc is down');
    await until(async () => {
      const items = await deliveries(id);
      expect(items.map(d => [d.wecomUserId, d.status]).sort()).toEqual([
        ['LiSi', 'unlicensed'],
        ['ZhangSan', 'sent'],
      ]);
    });
    const lisi = (await deliveries(id)).find(d => d.wecomUserId === 'LiSi');
    expect(lisi.error).toMatch(/licen/i);
    expect(emulator.callCount('message/send')).toBe(1);
    expect(emulator.callCount('service/get_corp_token')).toBeGreaterThan(0);

    // The health check names the authorized app and scope, and where a
    // missing interface licence shows and what to buy.
    const report = await healthCheck();
    const byId = Object.fromEntries(report.checks.map((c: any) => [c.id, c]));
    expect(byId.token.status).toBe('ok');
    expect(byId.basicApi.message).toContain(String(DEMO_AGENT_ID));
    expect(byId.visibility).toMatchObject({ status: 'ok' });
    expect(byId.visibility.hint).toMatch(/接口许可.*No licence/);
  });

  it('updates the sent card when the incident moves, as the authorized agent', async () => {
    const id = await openIncident('svc is slow');
    await until(async () => {
      const items = await deliveries(id);
      expect(items.some(d => d.status === 'sent')).toBe(true);
    });
    const moved = await request(ctx.server)
      .post(`/api/wecom/incidents/${id}/transitions`)
      .set(auth)
      .send({ action: 'startProcessing' });
    expect(moved.status).toBe(200);
    // The integration has no AgentId of its own: the update names the
    // agent of the corp's authorization, and WeCom accepts it.
    await until(async () => {
      const update = emulator.callCounts()['message/update_template_card'];
      expect(update?.calls ?? 0).toBeGreaterThan(0);
      expect(update?.errors ?? 0).toBe(0);
    });
  });

  it('links members with One-Click Link through the corp token', async () => {
    const started = await request(ctx.server)
      .post('/api/wecom/linked-users/one-click-link')
      .set(auth)
      .send({ integrationId: 'tenant' });
    expect(started.status).toBe(202);
    await until(async () => {
      const run = (
        await request(ctx.server)
          .get(`/api/wecom/linked-users/one-click-link/runs/${started.body.id}`)
          .set(auth)
      ).body;
      expect(run.status).toBe('completed');
      expect(run.linked).toEqual([
        expect.objectContaining({
          entityRef: 'user:default/wangwu',
          wecomUserId: 'WangWu',
        }),
      ]);
    });
  });

  it('signs a member in from the WeCom workspace with the suite (getuserinfo3rd) and links them after confirmation', async () => {
    const view = await integration();
    const homepage = `${backendUrl}/api/wecom/integrations/tenant/workspace`;
    expect(view.urls.homepageUrl).toBe(homepage);

    emulator.setCurrentUser('ZhaoLiu');
    const browser = new WorkspaceBrowser();
    const start = await browser.open(homepage);
    expect(start.status).toBe(302);
    const authorize = new URL(start.location!);
    // A third-party app's link names the suite, not the corp or an agent.
    expect(authorize.searchParams.get('appid')).toBe(SUITE.suiteId);
    expect(authorize.searchParams.has('agentid')).toBe(false);

    const before = emulator.callCount('service/auth/getuserinfo3rd');
    const wecom = await browser.open(start.location!);
    expect(wecom.status).toBe(302);
    const back = await browser.open(wecom.location!);
    expect(back.status).toBe(302);
    expect(emulator.callCount('service/auth/getuserinfo3rd')).toBe(before + 1);
    const { ticket, integration: id } = readAppRedirect(back.location);
    expect(id).toBe('tenant');

    // The confirmation page previews, then links in the same browser only.
    const binding = browser.cookieHeader(
      `${backendUrl}/api/wecom/linked-users/workspace-link`,
    );
    const elsewhere = await request(ctx.server)
      .post('/api/wecom/linked-users/workspace-link')
      .set('Authorization', mockCredentials.user.header('user:default/zhaoliu'))
      .send({ ticket });
    expect(elsewhere.status).toBe(400);
    const linked = await request(ctx.server)
      .post('/api/wecom/linked-users/workspace-link')
      .set('Authorization', mockCredentials.user.header('user:default/zhaoliu'))
      .set('Cookie', binding)
      .send({ ticket });
    expect(linked.status).toBe(200);
    const resolved = await request(ctx.server)
      .get('/api/wecom/linked-users')
      .query({ integration: 'tenant', filter: 'linked' })
      .set(auth);
    expect(JSON.stringify(resolved.body)).toContain('ZhaoLiu');
  });

  it('refuses War Rooms on a third-party app, saying they need a custom app', async () => {
    const res = await request(ctx.server)
      .post('/api/wecom/integrations')
      .set(auth)
      .send({
        id: 'tenant2',
        name: 'Another tenant',
        mode: 'thirdPartyApp',
        corpId: 'wwtenant000000002',
        warRoom: { enabled: true },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/War Room needs custom-app mode/);
  });

  it('reads the authorization again on change_auth', async () => {
    const before = emulator.callCount('service/get_auth_info');
    const changed = await instruct('change_auth', authCorp);
    expect(changed.status).toBe(200);
    expect(changed.text).toBe('success');
    // Read after the answer (WeCom wants it within 1000 ms).
    await until(() => {
      expect(emulator.callCount('service/get_auth_info')).toBe(before + 1);
    });
    expect((await integration()).authorization).toMatchObject({
      status: 'authorized',
      agentId: DEMO_AGENT_ID,
    });
  });

  it('disables the integration on cancel_auth: a clear status, no send, no retries', async () => {
    const cancelled = await instruct('cancel_auth', authCorp);
    expect(cancelled.status).toBe(200);
    expect(cancelled.text).toBe('success');
    // WeCom may repeat the instruction: still a plain success.
    expect((await instruct('cancel_auth', authCorp)).status).toBe(200);

    expect((await integration()).authorization).toMatchObject({
      status: 'cancelled',
      cancelledAt: expect.any(String),
    });
    const report = await healthCheck();
    expect(report.checks[0]).toMatchObject({ id: 'token', status: 'failed' });
    expect(report.checks[0].message).toMatch(/cancel/i);

    const sendsBefore = emulator.callCount('message/send');
    const id = await openIncident('svc is down again');
    await until(async () => {
      const items = await deliveries(id);
      expect(items.length).toBe(2);
      for (const item of items) {
        expect(item.status).toBe('failed');
        expect(item.error).toMatch(/cancel/i);
      }
    });
    expect(emulator.callCount('message/send')).toBe(sendsBefore);
  });

  it('works again once the corp authorizes the suite anew', async () => {
    const authCode = emulator.issueSuiteAuthCode(SUITE.suiteId);
    const created = await instruct(
      'create_auth',
      `<AuthCode><![CDATA[${authCode}]]></AuthCode>`,
    );
    expect(created.status).toBe(200);
    await until(async () => {
      expect((await integration()).authorization).toMatchObject({
        status: 'authorized',
      });
    });
    expect((await healthCheck()).checks[0]).toMatchObject({
      id: 'token',
      status: 'ok',
    });
  });

  it('keeps sending cards after the permanent code is reset (reset_permanent_code)', async () => {
    const exchanges = emulator.callCount('service/get_permanent_code');
    const tokens = emulator.callCount('service/get_corp_token');
    // 重新获取secret: the old permanent code and its corp tokens stop working.
    const reset = await emulator.resetSuitePermanentCode(SUITE.suiteId);
    expect(reset.status).toBe(200);
    expect(reset.body).toBe('success');
    await until(() =>
      expect(emulator.callCount('service/get_permanent_code')).toBe(
        exchanges + 1,
      ),
    );

    const sends = emulator.callCount('message/send');
    const id = await openIncident('svc is down after the reset');
    await until(async () => {
      const items = await deliveries(id);
      expect(items.map(d => [d.wecomUserId, d.status]).sort()).toEqual([
        ['LiSi', 'unlicensed'],
        ['ZhangSan', 'sent'],
      ]);
    });
    expect(emulator.callCount('message/send')).toBe(sends + 1);
    // A fresh corp token, got with the new permanent code.
    expect(emulator.callCount('service/get_corp_token')).toBeGreaterThan(
      tokens,
    );
    expect((await integration()).authorization).toMatchObject({
      status: 'authorized',
      agentId: DEMO_AGENT_ID,
    });
  });
});

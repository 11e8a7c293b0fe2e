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
import { startWeComBackend } from '../__testUtils__/startWeComBackend';
import { WeComSigner } from '../__testUtils__/wecomSigner';
import {
  component,
  group,
  user,
  withRelations,
} from '../notifications/routing/__testUtils__/demoOrg';

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

/** Waits (real time) until `check` passes: sends run from the outbox. */
async function until(check: () => void | Promise<void>, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}

describe('a third-party app integration through the WeCom emulator', () => {
  let emulator: RunningEmulator;
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
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

    // The browser sees the authorization (no secret): the agent and state.
    expect((await integration()).authorization).toMatchObject({
      status: 'authorized',
      agentId: DEMO_AGENT_ID,
      corpName: expect.any(String),
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
  });

  it('reads the authorization again on change_auth', async () => {
    const before = emulator.callCount('service/get_auth_info');
    const changed = await instruct('change_auth', authCorp);
    expect(changed.status).toBe(200);
    expect(changed.text).toBe('success');
    expect(emulator.callCount('service/get_auth_info')).toBe(before + 1);
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
    expect((await integration()).authorization).toMatchObject({
      status: 'authorized',
    });
    expect((await healthCheck()).checks[0]).toMatchObject({
      id: 'token',
      status: 'ok',
    });
  });
});

import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  DEMO_CORP_ID,
  RunningEmulator,
  demoEmulatorOptions,
  startEmulator,
} from 'wecom-emulator';
import { freePort } from '../__testUtils__/freePort';
import { startWeComBackend } from '../__testUtils__/startWeComBackend';
import { WeComSigner } from '../__testUtils__/wecomSigner';

jest.setTimeout(60_000);

const SUITE = {
  suiteId: 'wwsuite0000000001',
  suiteSecret: 'suite-secret-emulated-0123456789',
  suiteTicket: 'suite-ticket-emulated-0123456789',
  permanentCode: 'permanent-code-emulated-0123456789',
  token: 'SuiteToken789',
  encodingAESKey: 'SuiteKey0123456789abcdefghijklmnopqrstuvwxy',
};

describe('third-party app mode against the WeCom emulator', () => {
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

  const testTenant = () =>
    request(ctx.server)
      .post('/api/wecom/integrations/tenant/test')
      .set({ Authorization: mockCredentials.user.header() });

  it('has no token before WeCom pushed a suite_ticket and the corp authorized the suite', async () => {
    const res = await testTenant();
    expect(res.body.checks[0]).toMatchObject({
      id: 'token',
      status: 'failed',
    });
  });

  it('keeps the pushed suite_ticket, trades the auth code for the permanent code, then gets the corp token', async () => {
    const pushed = await emulator.pushSuiteTicket(SUITE.suiteId);
    expect(pushed.status).toBe(200);
    expect(pushed.body).toBe('success');

    // The corp installs the suite: WeCom sends create_auth with an auth code.
    const authCode = emulator.issueSuiteAuthCode(SUITE.suiteId);
    const { query, body } = signer.xmlCallback(
      `<xml><SuiteId><![CDATA[${
        SUITE.suiteId
      }]]></SuiteId><AuthCode><![CDATA[${authCode}]]></AuthCode><InfoType><![CDATA[create_auth]]></InfoType><TimeStamp>${Math.floor(
        Date.now() / 1000,
      )}</TimeStamp></xml>`,
    );
    const auth = await request(ctx.server)
      .post(`/api/wecom/suites/${SUITE.suiteId}/callback`)
      .query(query)
      .send(body);
    expect(auth.status).toBe(200);

    const res = await testTenant();
    expect(res.body.checks[0]).toMatchObject({ id: 'token', status: 'ok' });
  });

  it('refuses suite callbacks for an unknown suite or with a bad signature', async () => {
    const { query, body } = signer.xmlCallback('<xml/>');
    const unknown = await request(ctx.server)
      .post('/api/wecom/suites/nope/callback')
      .query(query)
      .send(body);
    expect(unknown.status).toBe(404);
    const forged = await request(ctx.server)
      .post(`/api/wecom/suites/${SUITE.suiteId}/callback`)
      .query({ ...query, msg_signature: 'f'.repeat(40) })
      .send(body);
    expect(forged.status).toBe(401);
  });
});

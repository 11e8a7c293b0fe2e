import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  DEMO_CORP_ID,
  RunningEmulator,
  demoEmulatorOptions,
  startEmulator,
} from 'wecom-emulator';
import {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { freePort } from '../__testUtils__/freePort';
import {
  TEST_KEYS,
  eventually,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';
import { WeComSigner } from '../__testUtils__/wecomSigner';
import { SecretSealer } from '../integrations/sealing';
import { SuiteAuthCodeStore } from '../integrations/SuiteAuthCodeStore';

jest.setTimeout(60_000);

const SUITE = {
  suiteId: 'wwsuite0000000001',
  suiteSecret: 'suite-secret-emulated-0123456789',
  suiteTicket: 'suite-ticket-emulated-0123456789',
  permanentCode: 'permanent-code-emulated-0123456789',
  token: 'SuiteToken789',
  encodingAESKey: 'SuiteKey0123456789abcdefghijklmnopqrstuvwxy',
};

const databases = createTestDatabases();
// Scheduled passes run when the test says so (the mock scheduler runs each
// task once at start-up, then only on triggerTask).
const scheduler = mockServices.scheduler() as SchedulerService & {
  factory(): ServiceFactory;
};

/** Work done after the answer: wait up to 30 s (1,500 tries 20 ms apart). */
const until = (check: () => void | Promise<void>) => eventually(check, 1_500);

describe('third-party app mode against the WeCom emulator', () => {
  let emulator: RunningEmulator;
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
  let knex: Knex;
  let authCodes: SuiteAuthCodeStore;
  const signer = new WeComSigner(
    SUITE.token,
    SUITE.encodingAESKey,
    SUITE.suiteId,
  );

  beforeAll(async () => {
    const emulatorPort = await freePort();
    const apiBaseUrl = `http://127.0.0.1:${emulatorPort}`;
    // The test reads and writes the plugin's database as a replica would.
    knex = await databases.init('SQLITE_3');
    authCodes = new SuiteAuthCodeStore(knex, () =>
      SecretSealer.fromPassphrase(TEST_KEYS.secretsKey),
    );
    ctx = await startWeComBackend({
      knex,
      features: [scheduler.factory()],
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
    expect(auth.text).toBe('success');

    // The permanent code is fetched after the answer.
    await until(async () => {
      const res = await testTenant();
      expect(res.body.checks[0]).toMatchObject({ id: 'token', status: 'ok' });
    });
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

  const authorization = async () =>
    (
      await request(ctx.server)
        .get('/api/wecom/integrations/tenant')
        .set({ Authorization: mockCredentials.user.header() })
    ).body.authorization;

  /** A suite instruction signed now, with the TimeStamp WeCom gave it. */
  const instruction = (infoType: string, at: number, fields: string) =>
    signer.xmlCallback(
      `<xml><SuiteId><![CDATA[${SUITE.suiteId}]]></SuiteId><InfoType><![CDATA[${infoType}]]></InfoType><TimeStamp>${at}</TimeStamp>${fields}</xml>`,
    );
  const post = ({ query, body }: { query: object; body: string }) =>
    request(ctx.server)
      .post(`/api/wecom/suites/${SUITE.suiteId}/callback`)
      .query(query)
      .send(body);
  const authCorp = `<AuthCorpId><![CDATA[${DEMO_CORP_ID}]]></AuthCorpId>`;

  it('answers create_auth within 1000 ms however slow get_permanent_code is, and authorizes right after', async () => {
    // WeCom: "服务商的响应必须在1000ms内完成" (page 90642).
    emulator.state.latency.set('service/get_permanent_code', 1_500);
    try {
      const before = emulator.callCount('service/get_permanent_code');
      const installed = await emulator.authorizeSuite(SUITE.suiteId);
      expect(installed.status).toBe(200);
      expect(installed.body).toBe('success');
      expect(installed.answeredInMs).toBeLessThan(700);
      await until(async () => {
        expect(
          await authCodes.find(SUITE.suiteId, installed.authCode),
        ).toMatchObject({ status: 'done', corpId: DEMO_CORP_ID });
      });
      expect(emulator.callCount('service/get_permanent_code')).toBe(before + 1);
      expect(await authorization()).toMatchObject({ status: 'authorized' });

      // WeCom's repeat of the instruction spends nothing.
      const again = await post(
        instruction(
          'create_auth',
          Math.floor(Date.now() / 1000),
          `<AuthCode><![CDATA[${installed.authCode}]]></AuthCode>`,
        ),
      );
      expect(again.text).toBe('success');
      await new Promise(resolve => setTimeout(resolve, 200));
      expect(emulator.callCount('service/get_permanent_code')).toBe(before + 1);
    } finally {
      emulator.state.latency.set('service/get_permanent_code', 0);
    }
  });

  it('exchanges a code recorded by a replica that died before exchanging it', async () => {
    // The replica answered `success` and died: only the row is left.
    const authCode = emulator.issueSuiteAuthCode(SUITE.suiteId);
    expect(
      await authCodes.record({
        suiteId: SUITE.suiteId,
        infoType: 'create_auth',
        authCode,
        instructionAt: DateTime.utc(),
      }),
    ).toBe(true);
    // The scheduled pass (every 15 s) takes it over.
    await scheduler.triggerTask('wecom-suite-auth-codes');
    await until(async () => {
      expect(await authCodes.find(SUITE.suiteId, authCode)).toMatchObject({
        status: 'done',
      });
    });
  });

  it('ends a code WeCom refuses in a clear status, still answering success', async () => {
    emulator.injectFault({
      api: 'service/get_permanent_code',
      errcode: 40078,
      errmsg: 'invalid auth_code',
    });
    const installed = await emulator.authorizeSuite(SUITE.suiteId);
    expect(installed.body).toBe('success');
    await until(async () => {
      expect(
        await authCodes.find(SUITE.suiteId, installed.authCode),
      ).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastError: expect.stringContaining('40078'),
      });
    });
    // The earlier authorization is untouched.
    expect(await authorization()).toMatchObject({ status: 'authorized' });
  });

  it('refuses an AuthCode longer than WeCom issues (512 bytes)', async () => {
    const res = await post(
      instruction(
        'create_auth',
        Math.floor(Date.now() / 1000),
        `<AuthCode><![CDATA[${'x'.repeat(513)}]]></AuthCode>`,
      ),
    );
    expect(res.status).toBe(400);
  });

  it('answers change_auth before reading the changed authorization, however slow get_auth_info is', async () => {
    // "服务商的响应必须在1000ms内完成" (page 90642) holds for every
    // authorization instruction, change_auth included.
    emulator.state.latency.set('service/get_auth_info', 1_500);
    try {
      const before = emulator.callCount('service/get_auth_info');
      const change = await post(
        // Newer than the installations of the tests above.
        instruction(
          'change_auth',
          Math.floor(Date.now() / 1000) + 30,
          authCorp,
        ),
      );
      expect(change.text).toBe('success');
      // The read is still on the wire after WeCom has its answer.
      await until(() => {
        expect(emulator.state.latency.held()).toContainEqual({
          api: 'service/get_auth_info',
        });
      });
      await eventually(async () => {
        expect(emulator.state.latency.held()).toEqual([]);
      }, 5_000);
      expect(emulator.callCount('service/get_auth_info')).toBe(before + 1);
      expect(await authorization()).toMatchObject({ status: 'authorized' });
    } finally {
      emulator.state.latency.set('service/get_auth_info', 0);
    }
  });

  it('ignores a cancel_auth or change_auth older than a re-install, replayed within the signature window', async () => {
    const now = Math.floor(Date.now() / 1000);
    // The corp removes the app; an attacker keeps the signed request.
    const captured = instruction('cancel_auth', now + 60, authCorp);
    expect((await post(captured)).text).toBe('success');
    expect(await authorization()).toMatchObject({ status: 'cancelled' });

    // Two minutes later its admin installs the app again.
    emulator.advanceClock(120);
    const installed = await emulator.authorizeSuite(SUITE.suiteId);
    expect(installed.body).toBe('success');
    await until(async () => {
      expect(await authorization()).toMatchObject({ status: 'authorized' });
    });

    // The old cancel, replayed (or retried late by WeCom), is ignored.
    const replay = await post(captured);
    expect(replay.status).toBe(200);
    expect(replay.text).toBe('success');
    expect(await authorization()).toMatchObject({ status: 'authorized' });

    // So is a change_auth from before the re-install: no get_auth_info.
    const reads = emulator.callCount('service/get_auth_info');
    const change = await post(instruction('change_auth', now + 90, authCorp));
    expect(change.text).toBe('success');
    expect(emulator.callCount('service/get_auth_info')).toBe(reads);
    expect((await testTenant()).body.checks[0]).toMatchObject({
      id: 'token',
      status: 'ok',
    });
  });
});

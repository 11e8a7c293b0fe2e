import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  DEMO_AGENT_ID,
  DEMO_APP_SECRET,
  DEMO_CORP_ID,
  RunningEmulator,
} from 'wecom-emulator';
import {
  demoIntegration,
  startBackendWithEmulator,
} from '../__testUtils__/startBackendWithEmulator';
import { eventually } from '../__testUtils__/startWeComBackend';
import { WeComClient } from '../connector';
import {
  createMemoryCache,
  createRecordingLogger,
} from '../connector/__testUtils__/fakeWeCom';

jest.setTimeout(60_000);

const auth = { Authorization: mockCredentials.user.header() };

describe('the backend against the WeCom emulator', () => {
  let emulator: RunningEmulator;
  let ctx: Awaited<ReturnType<typeof startBackendWithEmulator>>;

  beforeAll(async () => {
    ctx = await startBackendWithEmulator({
      integrations: emulatorUrl => [
        demoIntegration(emulatorUrl),
        demoIntegration(emulatorUrl, {
          id: 'wrong-secret',
          secret: 'not-the-secret',
          callback: undefined,
          bot: undefined,
        }),
        demoIntegration(emulatorUrl, {
          id: 'war-room',
          warRoom: { enabled: true },
          callback: undefined,
          bot: undefined,
        }),
      ],
    });
    emulator = ctx.emulator;
  });
  afterAll(async () => {
    await ctx?.stop();
  });

  it('reports the callback as not verified until WeCom verified the URL, then every check ok', async () => {
    const before = await request(ctx.server)
      .post('/api/wecom/integrations/demo/test')
      .set(auth);
    expect(before.status).toBe(200);
    expect(before.body.ok).toBe(false);
    expect(before.body.checks.map((c: any) => [c.id, c.status])).toEqual([
      ['token', 'ok'],
      ['visibility', 'ok'],
      ['basicApi', 'ok'],
      ['contactRead', 'ok'],
      ['callback', 'failed'],
      ['bot', 'unknown'],
      ['warRoomChat', 'ok'],
    ]);
    expect(before.body.checks[5].message).toMatch(/keys decrypt a sample/);
    expect(before.body.checks[4].hint).toMatch(/Paste the Callback URL/);

    // The admin saves the Callback URL in WeCom: WeCom verifies it.
    const verification = await emulator.verifyCallbackUrl(
      DEMO_CORP_ID,
      DEMO_AGENT_ID,
    );
    expect(verification.ok).toBe(true);

    const after = await request(ctx.server)
      .post('/api/wecom/integrations/demo/test')
      .set(auth);
    expect(after.body.ok).toBe(true);
    expect(
      after.body.checks
        .filter((c: any) => c.status !== 'ok')
        .map((c: any) => c.id),
    ).toEqual(['bot']);
  });

  it('says War Rooms need the root department when appchat answers 48002 (page 90313, 48002 item 7)', async () => {
    emulator.injectFault({ api: 'appchat/get', errcode: 48002 });
    const res = await request(ctx.server)
      .post('/api/wecom/integrations/war-room/test')
      .set(auth);
    const chat = res.body.checks.find((c: any) => c.id === 'warRoomChat');
    expect(chat).toMatchObject({ status: 'failed', errcode: 48002 });
    expect(chat.hint).toMatch(
      /visible range \(可见范围\) is the root department/,
    );
    expect(res.body.ok).toBe(false);
  });

  it('reports group chats as unknown when appchat/get answers something undocumented', async () => {
    emulator.injectFault({ api: 'appchat/get', errcode: 40058 });
    const res = await request(ctx.server)
      .post('/api/wecom/integrations/demo/test')
      .set(auth);
    const chat = res.body.checks.find((c: any) => c.id === 'warRoomChat');
    expect(chat).toMatchObject({ status: 'unknown', errcode: 40058 });
  });

  it('says which check fails and what to fix when the Secret is wrong', async () => {
    const res = await request(ctx.server)
      .post('/api/wecom/integrations/wrong-secret/test')
      .set(auth);
    expect(res.body.ok).toBe(false);
    const token = res.body.checks.find((c: any) => c.id === 'token');
    expect(token).toMatchObject({ status: 'failed', errcode: 40001 });
    expect(token.hint).toMatch(/[Ss]ecret/);
    expect(JSON.stringify(res.body)).not.toContain('not-the-secret');
  });

  it('delivers a card click from a WeCom user to the handlers as a typed event', async () => {
    const { logger } = createRecordingLogger();
    const client = new WeComClient({
      credentials: {
        integrationId: 'demo',
        mode: 'customApp',
        corpId: DEMO_CORP_ID,
        agentId: DEMO_AGENT_ID,
        secret: DEMO_APP_SECRET,
        apiBaseUrl: emulator.url,
      },
      cache: createMemoryCache(),
      logger,
    });
    await client.sendMessage({
      touser: 'ZhangSan',
      msgtype: 'template_card',
      template_card: {
        card_type: 'button_interaction',
        main_title: { title: 'payments-api: error rate above 5%' },
        task_id: 'inc-7-1',
        button_list: [{ text: 'Snooze 2 hours', style: 2, key: 'snooze_2h' }],
      },
    });
    const click = await emulator.clickCard({
      userid: 'ZhangSan',
      taskId: 'inc-7-1',
      eventKey: 'snooze_2h',
    });
    expect(click.status).toBe(200);
    await eventually(() =>
      expect(ctx.appEvents).toContainEqual(
        expect.objectContaining({
          type: 'template_card_event',
          fromUserId: 'ZhangSan',
          eventKey: 'snooze_2h',
          taskId: 'inc-7-1',
          responseCode: click.responseCode,
        }),
      ),
    );
  });
});

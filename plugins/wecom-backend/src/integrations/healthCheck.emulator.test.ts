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
    ]);
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
    expect(after.body.checks.every((c: any) => c.status === 'ok')).toBe(true);
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

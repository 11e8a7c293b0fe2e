import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import {
  DEMO_AGENT_ID,
  DEMO_APP_SECRET,
  DEMO_BOT_ENCODING_AES_KEY,
  DEMO_BOT_TOKEN,
  DEMO_CALLBACK_TOKEN,
  DEMO_CORP_ID,
  DEMO_ENCODING_AES_KEY,
  DEMO_USERS,
} from 'wecom-emulator';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  RecordingLogger,
  recordingRootLoggerFactory,
} from '../__testUtils__/recordingLogger';
import { startBackendWithEmulator } from '../__testUtils__/startBackendWithEmulator';
import { TEST_KEYS } from '../__testUtils__/startWeComBackend';
import { cardActionKey } from '../incidentCards/contracts';
import { demoOrg } from '../__testUtils__/demoOrg';

// A day of an admin and responders, through the whole plugin and the WeCom
// emulator, with every log line (at every level, audit events included)
// and every response recorded: none may carry a secret — the app Secret,
// the callback and bot Tokens and EncodingAESKeys, wecom.secretsKey, or an
// access_token WeCom issued.

jest.setTimeout(120_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };

/** The demo org, each user with the corp mail WeCom knows them by. */
function demoOrgWithEmails(): Entity[] {
  return demoOrg().map(entity => {
    const demoUser = DEMO_USERS.find(
      u => entity.kind === 'User' && u.backstageName === entity.metadata.name,
    );
    if (!demoUser) return entity;
    const spec = entity.spec as { profile?: object };
    return {
      ...entity,
      spec: {
        ...entity.spec,
        profile: { ...spec.profile, email: demoUser.catalogEmail },
      },
    };
  });
}

/** Waits (real time) until `check` passes: sends and clicks run from queues. */
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

describe('secrets never leak', () => {
  const logger = new RecordingLogger();
  const responses: Array<{ what: string; text: string }> = [];
  let ctx: Awaited<ReturnType<typeof startBackendWithEmulator>>;

  beforeAll(async () => {
    ctx = await startBackendWithEmulator({
      knex: await databases.init('SQLITE_3'),
      // Created through the API below, as an admin would.
      integrations: () => [],
      entities: demoOrgWithEmails(),
      features: [recordingRootLoggerFactory(logger)],
    });
  });
  afterAll(() => ctx?.stop());

  const logged = (pattern: RegExp) =>
    logger.lines.some(l => l.level !== 'debug' && pattern.test(l.text));

  /** Sends a request as a signed-in admin and records the whole answer. */
  async function call(
    method: 'get' | 'post' | 'put' | 'delete',
    path: string,
    body?: object,
  ) {
    const req = request(ctx.server)[method](`/api/wecom${path}`).set(auth);
    const res = await (body ? req.send(body) : req);
    responses.push({
      what: `${method.toUpperCase()} ${path} → ${res.status}`,
      text: `${JSON.stringify(res.headers)}\n${res.text}`,
    });
    return res;
  }

  it('runs the scenario, failures included', async () => {
    const { emulator } = ctx;
    // Setup form: the integration with every secret it has.
    const created = await call('post', '/integrations', {
      id: 'demo',
      name: 'Demo Corp',
      mode: 'customApp',
      corpId: DEMO_CORP_ID,
      agentId: DEMO_AGENT_ID,
      secret: DEMO_APP_SECRET,
      apiBaseUrl: ctx.emulatorUrl,
      callback: {
        token: DEMO_CALLBACK_TOKEN,
        encodingAESKey: DEMO_ENCODING_AES_KEY,
      },
      bot: { token: DEMO_BOT_TOKEN, encodingAESKey: DEMO_BOT_ENCODING_AES_KEY },
      warRoom: { enabled: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toBe('set');
    await emulator.verifyCallbackUrl();
    expect((await call('get', '/integrations')).status).toBe(200);
    expect((await call('get', '/integrations/demo')).status).toBe(200);
    // Renamed; secrets left out stay as they are.
    const renamed = await call('put', '/integrations/demo', {
      name: 'Demo Corp (renamed)',
      mode: 'customApp',
      corpId: DEMO_CORP_ID,
      agentId: DEMO_AGENT_ID,
      apiBaseUrl: ctx.emulatorUrl,
      warRoom: { enabled: true },
    });
    expect(renamed.status).toBe(200);
    expect((await call('post', '/integrations/demo/test')).body.ok).toBe(true);

    // One-Click Link by corp mail.
    const run = await call('post', '/linked-users/one-click-link', {
      integrationId: 'demo',
    });
    expect(run.status).toBe(202);
    await until(async () => {
      const res = await call(
        'get',
        `/linked-users/one-click-link/runs/${run.body.id}`,
      );
      expect(res.body.status).not.toBe('running');
    });
    expect((await call('get', '/linked-users?integration=demo')).status).toBe(
      200,
    );

    // An incident: cards go out, ZhangSan starts processing from WeCom.
    const incident = await call('post', '/incidents', {
      title: 'Payments API 5xx above 5%',
      severity: 'critical',
      entityRef: 'component:default/payments-api',
    });
    expect(incident.status).toBe(201);
    const id = incident.body.id;
    let taskId = '';
    await until(async () => {
      const res = await call('get', `/incidents/${id}/deliveries`);
      const sent = res.body.items.filter((d: any) => d.status === 'sent');
      expect(sent.length).toBeGreaterThan(0);
      taskId = sent[0].taskId;
    });
    await emulator.clickCard({
      userid: 'ZhangSan',
      taskId,
      eventKey: cardActionKey(id, { kind: 'startProcessing' }),
    });
    await until(async () => {
      expect((await call('get', `/incidents/${id}`)).body.status).toBe(
        'processing',
      );
    });
    await emulator.sendBotMessage({ from: 'ZhangSan', text: 'status?' });

    // WeCom failing: an expired token (fetched again), an IP not trusted, a
    // gateway error, a Secret WeCom no longer accepts.
    emulator.expireTokens();
    expect(
      (await call('post', `/incidents/${id}/war-room`, {})).status,
    ).toBeLessThan(300);
    emulator.injectFault({ api: 'message/send', errcode: 60020, times: 3 });
    emulator.injectFault({
      api: 'message/update_template_card',
      errcode: -1,
      httpStatus: 502,
      times: 3,
    });
    const second = await call('post', '/incidents', {
      title: 'Gateway latency',
      severity: 'warning',
      entityRef: 'component:default/payments-api',
    });
    expect(second.status).toBe(201);
    expect(
      (await call('post', `/incidents/${id}/transitions`, { action: 'close' }))
        .status,
    ).toBe(200);
    await until(() => {
      expect(logged(/errcode 60020/)).toBe(true);
      expect(logged(/502/)).toBe(true);
    });
    emulator.injectFault({ api: 'gettoken', errcode: 40001, times: 5 });
    emulator.expireTokens();
    const failedCheck = await call('post', '/integrations/demo/test');
    expect(failedCheck.body.ok).toBe(false);
    emulator.clearFaults();
  });

  it('finds no secret in any log line or response', () => {
    const tokens = ctx.emulator.state.tokens.issuedTokens();
    expect(tokens.length).toBeGreaterThan(1); // one expired, one after it
    const secrets: Record<string, string> = {
      'app Secret': DEMO_APP_SECRET,
      'callback Token': DEMO_CALLBACK_TOKEN,
      'callback EncodingAESKey': DEMO_ENCODING_AES_KEY,
      'bot Token': DEMO_BOT_TOKEN,
      'bot EncodingAESKey': DEMO_BOT_ENCODING_AES_KEY,
      'wecom.secretsKey': TEST_KEYS.secretsKey,
      ...Object.fromEntries(tokens.map((t, i) => [`access_token #${i}`, t])),
    };
    // What the check reads: WeCom URLs, refetched tokens, failures and
    // audit events were logged, and the admin API answered.
    expect(
      logger.lines.some(l => /access_token=\[redacted\]/.test(l.text)),
    ).toBe(true);
    expect(logged(/errcode 42001/)).toBe(true);
    expect(logged(/wecom\.integration-change/)).toBe(true);
    expect(responses.length).toBeGreaterThan(15);
    const leaks: string[] = [];
    for (const [name, value] of Object.entries(secrets)) {
      for (const line of logger.lines) {
        if (line.text.includes(value)) {
          leaks.push(`${name} in log line: ${line.text.slice(0, 300)}`);
        }
      }
      for (const response of responses) {
        if (response.text.includes(value)) {
          leaks.push(`${name} in response ${response.what}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });
});

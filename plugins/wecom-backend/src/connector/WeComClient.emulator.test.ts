import {
  DEMO_AGENT_ID,
  DEMO_APP_SECRET,
  DEMO_CORP_ID,
  RunningEmulator,
  demoEmulatorOptions,
  startEmulator,
} from 'wecom-emulator';
import { WeComClient, WeComClientOptions } from './WeComClient';
import { isWeComApiError } from './errors';
import {
  createMemoryCache,
  createRecordingLogger,
} from './__testUtils__/fakeWeCom';
import type { WeComAppCredentials } from './types';

const SUITE = {
  suiteId: 'wwsuite0000000001',
  suiteSecret: 'suite-secret-emulated-0123456789',
  suiteTicket: 'suite-ticket-emulated-0123456789',
  permanentCode: 'permanent-code-emulated-0123456789',
};

describe('WeComClient against the WeCom emulator', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    const options = demoEmulatorOptions();
    options.corps![0].suites = [{ ...SUITE, agentId: DEMO_AGENT_ID }];
    emulator = await startEmulator(options);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  function customApp(): WeComAppCredentials {
    return {
      integrationId: 'demo',
      mode: 'customApp',
      corpId: DEMO_CORP_ID,
      agentId: DEMO_AGENT_ID,
      secret: DEMO_APP_SECRET,
      apiBaseUrl: emulator.url,
    };
  }

  function makeClient(overrides: Partial<WeComClientOptions> = {}) {
    const { logger, lines } = createRecordingLogger();
    const client = new WeComClient({
      credentials: customApp(),
      cache: createMemoryCache(),
      logger,
      sleep: async () => {},
      ...overrides,
    });
    return { client, logs: lines };
  }

  it('sends a card, then spends its response code to update it', async () => {
    const { client } = makeClient();

    const sent = await client.sendMessage({
      touser: 'ZhangSan|nobody',
      msgtype: 'template_card',
      template_card: {
        card_type: 'button_interaction',
        main_title: { title: 'INC-1 database down', desc: 'P1' },
        task_id: 'inc-1-card',
        button_list: [{ text: 'Start processing', style: 1, key: 'ack' }],
      },
      enable_duplicate_check: 1,
    });

    expect(sent.msgid).toEqual(expect.any(String));
    expect(sent.invaliduser).toBe('nobody');
    expect(sent.response_code).toEqual(expect.any(String));
    expect(emulator.cardsDeliveredTo('ZhangSan')).toHaveLength(1);

    const updated = await client.updateTemplateCard({
      userids: ['ZhangSan'],
      response_code: sent.response_code!,
      button: { replace_name: 'Processing' },
    });
    expect(updated.invaliduser ?? []).toEqual([]);
    const card = emulator.card('inc-1-card');
    expect(card?.recipients.get('ZhangSan')?.replaceName).toBe('Processing');
  });

  it('creates, updates, reads and posts to a War Room chat', async () => {
    const { client } = makeClient();

    const { chatid } = await client.createAppChat({
      name: 'INC-1 War Room',
      owner: 'ZhangSan',
      userlist: ['ZhangSan', 'LiSi'],
      chatid: 'inc1warroom',
    });
    await client.updateAppChat({ chatid, add_user_list: ['WangWu'] });
    await client.sendAppChatMessage({
      chatid,
      msgtype: 'markdown',
      markdown: { content: '**INC-1** started' },
    });
    const chat = await client.getAppChat(chatid);

    expect(chatid).toBe('inc1warroom');
    expect(chat.userlist.sort()).toEqual(['LiSi', 'WangWu', 'ZhangSan']);
    expect(emulator.chat(chatid)?.messages).toHaveLength(1);
  });

  it('looks members up by mobile, corporate mail, personal mail and id', async () => {
    const { client } = makeClient();

    expect(await client.getUserIdByMobile('13800000002')).toBe('ZhangSan');
    expect(await client.getUserIdByEmail('zhangsan@example.com', 1)).toBe(
      'ZhangSan',
    );
    expect(await client.getUserIdByEmail('zhaoliu@example.com', 2)).toBe(
      'ZhaoLiu',
    );
    expect(await client.getUser('ZhangSan')).toMatchObject({
      userid: 'ZhangSan',
      name: '张三',
    });
    const missing = await client.getUserIdByMobile('13999999999').catch(e => e);
    expect(isWeComApiError(missing, 46004)).toBe(true);
  });

  it('signs a member in with an OAuth code and reads the app', async () => {
    const { client } = makeClient();

    const info = await client.getUserInfoByOAuthCode(
      emulator.issueOAuthCode('LiSi'),
    );
    const agent = await client.getAgent();

    expect(info.userid).toBe('LiSi');
    expect(agent.agentid).toBe(DEMO_AGENT_ID);
  });

  it('fetches one token for many calls and a new one once after WeCom expires it', async () => {
    const { client } = makeClient();

    await Promise.all([
      client.getUser('ZhangSan'),
      client.getUser('LiSi'),
      client.getAgent(),
    ]);
    expect(emulator.callCount('gettoken')).toBe(1);

    emulator.expireTokens();
    await client.getUser('ZhangSan');
    expect(emulator.callCount('gettoken')).toBe(2);
  });

  it('retries through system-busy, rate-limit and gateway faults', async () => {
    const { client } = makeClient();
    emulator.injectFault({ api: 'message/send', errcode: -1 });
    emulator.injectFault({ api: 'message/send', errcode: 45009 });
    emulator.injectFault({ api: 'message/send', errcode: -1, httpStatus: 502 });

    const sent = await client.sendMessage({
      touser: 'LiSi',
      msgtype: 'text',
      text: { content: 'hello' },
    });

    expect(sent.msgid).toEqual(expect.any(String));
    expect(emulator.messagesTo('LiSi')).toHaveLength(1);
    expect(emulator.callCount('message/send')).toBe(4);
  });

  it('explains an untrusted server IP without retrying or leaking secrets', async () => {
    const { client, logs } = makeClient();
    const token = await client.getAccessToken();
    emulator.injectFault({ api: 'user/get', errcode: 60020 });

    const error = await client.getUser('ZhangSan').catch(e => e);

    expect(isWeComApiError(error, 60020)).toBe(true);
    expect(error.hint).toMatch(/trusted IPs/);
    expect(emulator.callCount('user/get')).toBe(1);
    const text = [error.message, JSON.stringify(error), ...logs].join('\n');
    expect(text).not.toContain(token);
    expect(text).not.toContain(DEMO_APP_SECRET);
  });

  it('reports a wrong secret with a hint', async () => {
    const { client } = makeClient({
      credentials: { ...customApp(), secret: 'not-the-secret-0123456789' },
    });

    const error = await client.getAgent().catch(e => e);

    expect(isWeComApiError(error, 40001)).toBe(true);
    expect(error.message).not.toContain('not-the-secret-0123456789');
  });

  it('authenticates a third-party app through the suite and the permanent code', async () => {
    const { client } = makeClient({
      credentials: {
        integrationId: 'isv',
        mode: 'thirdPartyApp',
        corpId: DEMO_CORP_ID,
        agentId: DEMO_AGENT_ID,
        apiBaseUrl: emulator.url,
        suite: {
          suiteId: SUITE.suiteId,
          suiteSecret: SUITE.suiteSecret,
          getSuiteTicket: async () => SUITE.suiteTicket,
          getPermanentCode: async () => SUITE.permanentCode,
        },
      },
    });

    const authorization = await client.getPermanentCode(
      emulator.issueSuiteAuthCode(SUITE.suiteId),
    );
    const user = await client.getUser('ZhangSan');
    await client.getUser('LiSi');

    expect(authorization.permanent_code).toBe(SUITE.permanentCode);
    expect(authorization.auth_corp_info.corpid).toBe(DEMO_CORP_ID);
    expect(user.userid).toBe('ZhangSan');
    expect(emulator.callCount('service/get_suite_token')).toBe(1);
    expect(emulator.callCount('service/get_corp_token')).toBe(1);
    expect(emulator.callCount('gettoken')).toBe(0);
  });
});

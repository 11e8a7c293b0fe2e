import { WeComClientOptions } from './WeComClient';
import {
  WeComApiError,
  WeComNetworkError,
  WeComUnexpectedResponseError,
} from './errors';
import {
  FakeWeCom,
  TEST_APP_CREDENTIALS,
  TEST_APP_SECRET,
  createFakeWeCom,
  createTestClient,
} from './__testUtils__/fakeWeCom';
import { WECOM_MESSAGE_PER_MEMBER, WeComRateLimiter } from './rateLimits';

const SECRET = TEST_APP_SECRET;
const credentials = TEST_APP_CREDENTIALS;

function makeClient(
  wecom: FakeWeCom,
  overrides: Partial<WeComClientOptions> = {},
) {
  const { client, logs } = createTestClient(wecom, overrides);
  return { client, logs };
}

describe('WeComClient API methods', () => {
  it('sends a message with the integration agent id and returns the response code', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/message/send', () => ({
      errcode: 0,
      errmsg: 'ok',
      invaliduser: 'ghost',
      msgid: 'msg-42',
      response_code: 'rc-1',
    }));
    const { client } = makeClient(wecom);

    const result = await client.sendMessage({
      touser: 'zhangsan|ghost',
      msgtype: 'template_card',
      template_card: { card_type: 'button_interaction' },
      enable_duplicate_check: 1,
    });

    expect(result).toMatchObject({
      invaliduser: 'ghost',
      msgid: 'msg-42',
      response_code: 'rc-1',
    });
    const [request] = wecom.calls('/cgi-bin/message/send');
    expect(request.method).toBe('POST');
    expect(request.body).toEqual({
      touser: 'zhangsan|ghost',
      msgtype: 'template_card',
      template_card: { card_type: 'button_interaction' },
      enable_duplicate_check: 1,
      agentid: 1000002,
    });
  });

  it('updates a template card and lists the invalid users', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/message/update_template_card', () => ({
      errcode: 0,
      errmsg: 'ok',
      invaliduser: ['ghost'],
    }));
    const { client } = makeClient(wecom);

    const result = await client.updateTemplateCard({
      userids: ['zhangsan', 'ghost'],
      response_code: 'rc-1',
      button: { replace_name: 'Processing' },
    });

    expect(result.invaliduser).toEqual(['ghost']);
    expect(
      wecom.calls('/cgi-bin/message/update_template_card')[0].body,
    ).toEqual({
      userids: ['zhangsan', 'ghost'],
      response_code: 'rc-1',
      button: { replace_name: 'Processing' },
      agentid: 1000002,
    });
  });

  it('creates, updates, reads and posts to a group chat', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/appchat/create', r => ({
      errcode: 0,
      errmsg: 'ok',
      chatid: r.body.chatid ?? 'generated',
    }));
    wecom.on('/cgi-bin/appchat/get', r => ({
      errcode: 0,
      errmsg: 'ok',
      chat_info: {
        chatid: r.query.chatid,
        name: 'INC-1',
        owner: 'zhangsan',
        userlist: ['zhangsan', 'lisi'],
        chat_type: 0,
      },
    }));
    const { client } = makeClient(wecom);

    const { chatid } = await client.createAppChat({
      name: 'INC-1',
      owner: 'zhangsan',
      userlist: ['zhangsan', 'lisi'],
      chatid: 'inc1',
    });
    await client.updateAppChat({ chatid, add_user_list: ['wangwu'] });
    const chat = await client.getAppChat(chatid);
    await client.sendAppChatMessage({
      chatid,
      msgtype: 'markdown',
      markdown: { content: '**hi**' },
    });

    expect(chatid).toBe('inc1');
    expect(chat).toEqual({
      chatid: 'inc1',
      name: 'INC-1',
      owner: 'zhangsan',
      userlist: ['zhangsan', 'lisi'],
      chat_type: 0,
    });
    expect(wecom.calls('/cgi-bin/appchat/update')[0].body).toEqual({
      chatid: 'inc1',
      add_user_list: ['wangwu'],
    });
    expect(wecom.calls('/cgi-bin/appchat/get')[0].method).toBe('GET');
    expect(wecom.calls('/cgi-bin/appchat/send')[0].body.markdown).toEqual({
      content: '**hi**',
    });
  });

  it('looks users up by mobile, by email and by id', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/user/getuserid', r => ({
      errcode: 0,
      errmsg: 'ok',
      userid: `by-mobile-${r.body.mobile}`,
    }));
    wecom.on('/cgi-bin/user/get_userid_by_email', r => ({
      errcode: 0,
      errmsg: 'ok',
      userid: `by-email-${r.body.email_type}`,
    }));
    wecom.on('/cgi-bin/user/get', r => ({
      errcode: 0,
      errmsg: 'ok',
      userid: r.query.userid,
      name: '张三',
      department: [1],
      status: 1,
    }));
    const { client } = makeClient(wecom);

    expect(await client.getUserIdByMobile('13800000000')).toBe(
      'by-mobile-13800000000',
    );
    expect(await client.getUserIdByEmail('zs@acme.com')).toBe('by-email-1');
    expect(await client.getUserIdByEmail('zs@gmail.com', 2)).toBe('by-email-2');
    expect(await client.getUser('zhangsan')).toEqual({
      userid: 'zhangsan',
      name: '张三',
      department: [1],
      status: 1,
    });
  });

  it('reports a missing user as 46004 with a hint', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/user/getuserid', () => ({
      errcode: 46004,
      errmsg: 'user no exist',
    }));
    const { client } = makeClient(wecom);

    const error = await client.getUserIdByMobile('13800000000').catch(e => e);

    expect(error).toBeInstanceOf(WeComApiError);
    expect(error.errcode).toBe(46004);
    expect(error.api).toBe('/cgi-bin/user/getuserid');
    expect(error.hint).toMatch(/link the user manually/);
  });

  it('reads the OAuth user, also from the older UserId field', async () => {
    const wecom = createFakeWeCom();
    wecom.enqueue(
      '/cgi-bin/auth/getuserinfo',
      { errcode: 0, errmsg: 'ok', userid: 'zhangsan', user_ticket: 't' },
      { errcode: 0, errmsg: 'ok', UserId: 'lisi' },
      { errcode: 0, errmsg: 'ok', openid: 'outsider' },
    );
    const { client } = makeClient(wecom);

    expect(await client.getUserInfoByOAuthCode('code-1')).toEqual({
      userid: 'zhangsan',
      user_ticket: 't',
    });
    expect((await client.getUserInfoByOAuthCode('code-2')).userid).toBe('lisi');
    expect(await client.getUserInfoByOAuthCode('code-3')).toEqual({
      openid: 'outsider',
    });
    expect(wecom.calls('/cgi-bin/auth/getuserinfo')[0].query.code).toBe(
      'code-1',
    );
  });

  it('reads the app and its visible range', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/agent/get', r => ({
      errcode: 0,
      errmsg: 'ok',
      agentid: Number(r.query.agentid),
      name: 'Incidents',
      allow_userinfos: { user: [{ userid: 'zhangsan' }] },
      allow_partys: { partyid: [1] },
    }));
    const { client } = makeClient(wecom);

    const agent = await client.getAgent();
    const other = await client.getAgent(1000003);

    expect(agent).toMatchObject({
      agentid: 1000002,
      name: 'Incidents',
      allow_userinfos: { user: [{ userid: 'zhangsan' }] },
      allow_partys: { partyid: [1] },
    });
    expect(other.agentid).toBe(1000003);
  });

  it('calls any other API through call()', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/department/list', () => ({
      errcode: 0,
      errmsg: 'ok',
      department: [{ id: 1 }],
    }));
    const { client } = makeClient(wecom);

    const result = await client.call<{ department: Array<{ id: number }> }>(
      'GET',
      '/cgi-bin/department/list',
      { query: { id: 1 } },
    );

    expect(result.department).toEqual([{ id: 1 }]);
    const [request] = wecom.calls('/cgi-bin/department/list');
    expect(request.query).toMatchObject({ id: '1' });
    expect(request.query.access_token).toBeDefined();
  });

  it('rejects an answer without the fields the suite needs', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/appchat/create', () => ({ errcode: 0, errmsg: 'ok' }));
    const { client } = makeClient(wecom);

    const error = await client
      .createAppChat({ userlist: ['zhangsan', 'lisi'] })
      .catch(e => e);

    expect(error).toBeInstanceOf(WeComUnexpectedResponseError);
    expect(error.message).toContain('chatid');
  });

  it('accepts a message/send answered with errcode 0 alone: it was sent', async () => {
    // What a send suppressed by enable_duplicate_check answers is not
    // documented; an accepted send must not look like a failure.
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/message/send', () => ({ errcode: 0, errmsg: 'ok' }));
    const { client } = makeClient(wecom);

    const result = await client.sendMessage({
      touser: 'zhangsan',
      msgtype: 'text',
    });
    expect(result.msgid).toBeUndefined();
    expect(result.response_code).toBeUndefined();
  });
});

describe('WeComClient rate limiting', () => {
  it('does not call WeCom until the rate limiter gives a slot', async () => {
    const wecom = createFakeWeCom();
    let openGate: () => void = () => {};
    const gate = new Promise<void>(resolve => {
      openGate = resolve;
    });
    const rateLimiter: WeComRateLimiter = {
      acquire: async api => {
        if (api === 'user/get') await gate;
      },
    };
    const { client } = makeClient(wecom, { rateLimiter });

    const pending = client.getUser('zhangsan');
    await new Promise(resolve => setImmediate(resolve));
    expect(wecom.calls('/cgi-bin/user/get')).toHaveLength(0);

    openGate();
    await pending;
    expect(wecom.calls('/cgi-bin/user/get')).toHaveLength(1);
  });

  it('takes a per-member slot for every distinct recipient of a message', async () => {
    const wecom = createFakeWeCom();
    const acquired: Array<[string, string | undefined]> = [];
    const rateLimiter: WeComRateLimiter = {
      acquire: async (api, key) => {
        acquired.push([api, key]);
      },
    };
    const { client } = makeClient(wecom, { rateLimiter });

    await client.sendMessage({
      touser: 'zhangsan|lisi|zhangsan',
      msgtype: 'text',
    });

    expect(
      acquired.filter(([api]) => api === WECOM_MESSAGE_PER_MEMBER),
    ).toEqual([
      [WECOM_MESSAGE_PER_MEMBER, 'ww0123456789abcdef:1000002:zhangsan'],
      [WECOM_MESSAGE_PER_MEMBER, 'ww0123456789abcdef:1000002:lisi'],
    ]);
    expect(acquired).toContainEqual(['gettoken', 'ww0123456789abcdef']);
    expect(acquired).toContainEqual(['message/send', 'ww0123456789abcdef']);
  });
});

describe('WeComClient base URL', () => {
  it('sends every call of a private deployment to its base URL, keeping a path prefix', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/appchat/create', () => ({
      errcode: 0,
      errmsg: 'ok',
      chatid: 'c1',
    }));
    wecom.on('/cgi-bin/appchat/get', () => ({
      errcode: 0,
      errmsg: 'ok',
      chat_info: { chatid: 'c1', userlist: [] },
    }));
    wecom.on('/cgi-bin/user/getuserid', () => ({
      errcode: 0,
      errmsg: 'ok',
      userid: 'u',
    }));
    wecom.on('/cgi-bin/user/get_userid_by_email', () => ({
      errcode: 0,
      errmsg: 'ok',
      userid: 'u',
    }));
    wecom.on('/cgi-bin/agent/get', () => ({
      errcode: 0,
      errmsg: 'ok',
      agentid: 1000002,
      name: 'a',
    }));
    const { client } = makeClient(wecom, {
      credentials: {
        ...credentials,
        apiBaseUrl: 'https://wecom.corp.example:8443/qyapi/',
      },
    });

    await client.sendMessage({ touser: 'a', msgtype: 'text' });
    await client.updateTemplateCard({ userids: ['a'], response_code: 'rc' });
    await client.createAppChat({ userlist: ['a', 'b'] });
    await client.updateAppChat({ chatid: 'c1', name: 'n' });
    await client.getAppChat('c1');
    await client.sendAppChatMessage({ chatid: 'c1', msgtype: 'text' });
    await client.getUserIdByMobile('13800000000');
    await client.getUserIdByEmail('a@example.com');
    await client.getUser('a');
    await client.getUserInfoByOAuthCode('code');
    await client.getAgent();
    await client.call('GET', '/cgi-bin/department/list');

    expect(wecom.requests.length).toBeGreaterThanOrEqual(13);
    for (const request of wecom.requests) {
      expect(request.url.origin).toBe('https://wecom.corp.example:8443');
      expect(request.url.pathname).toMatch(/^\/qyapi\/cgi-bin\//);
    }
  });
});

describe('WeComClient secrets', () => {
  function everything(error: unknown, logs: string[]) {
    const e = error as Error & Record<string, unknown>;
    return [
      e.message,
      e.stack,
      JSON.stringify(e),
      JSON.stringify(e.cause ?? null),
      ...logs,
    ].join('\n');
  }

  it('keeps the secret out of a failed gettoken, even if WeCom echoes it', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/gettoken', r => ({
      errcode: 40001,
      errmsg: `invalid credential, corpsecret=${r.query.corpsecret}, hint: [x]`,
    }));
    const { client, logs } = makeClient(wecom);

    const error = await client.getUser('zhangsan').catch(e => e);

    expect(error).toMatchObject({ errcode: 40001, api: '/cgi-bin/gettoken' });
    expect(error.hint).toMatch(/Secret/);
    expect(everything(error, logs)).not.toContain(SECRET);
  });

  it('keeps the token out of API errors, network errors and logs', async () => {
    const wecom = createFakeWeCom();
    let token = '';
    wecom.on('/cgi-bin/user/get', r => {
      token = r.query.access_token;
      return { errcode: 60011, errmsg: `no privilege, access_token: ${token}` };
    });
    wecom.on('/cgi-bin/appchat/get', r => ({
      networkError: `connect ECONNREFUSED for ${r.url.href}`,
    }));
    const { client, logs } = makeClient(wecom);

    const apiError = await client.getUser('zhangsan').catch(e => e);
    const networkError = await client.getAppChat('c1').catch(e => e);

    expect(apiError).toBeInstanceOf(WeComApiError);
    expect(apiError.hint).toMatch(/visible range/);
    expect(networkError).toBeInstanceOf(WeComNetworkError);
    expect(token).not.toBe('');
    for (const error of [apiError, networkError]) {
      const text = everything(error, logs);
      expect(text).not.toContain(token);
      expect(text).not.toContain(SECRET);
    }
    expect(logs.join('\n')).toContain('access_token=[redacted]');
  });
});

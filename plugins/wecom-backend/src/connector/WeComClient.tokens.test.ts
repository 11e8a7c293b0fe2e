import type { CacheService } from '@backstage/backend-plugin-api';
import { WeComClientOptions } from './WeComClient';
import type { WeComAppCredentials } from './types';
import { WeComApiError, WeComCredentialsError } from './errors';
import {
  FakeWeCom,
  TEST_APP_CREDENTIALS,
  TEST_APP_SECRET,
  createFakeWeCom,
  createMemoryCache,
  createTestClient,
} from './__testUtils__/fakeWeCom';

const SECRET = TEST_APP_SECRET;
const customApp = TEST_APP_CREDENTIALS;

function makeClient(
  wecom: FakeWeCom,
  overrides: Partial<WeComClientOptions> = {},
) {
  return createTestClient(wecom, overrides).client;
}

describe('WeComClient access tokens', () => {
  it('fetches the token once and reuses it for later calls', async () => {
    const wecom = createFakeWeCom();
    const client = makeClient(wecom);

    await client.getUser('zhangsan');
    await client.getUser('lisi');
    await client.sendMessage({ touser: 'zhangsan', msgtype: 'text' });

    expect(wecom.calls('/cgi-bin/gettoken')).toHaveLength(1);
    const tokensUsed = wecom.requests
      .filter(r => r.path !== '/cgi-bin/gettoken')
      .map(r => r.query.access_token);
    expect(new Set(tokensUsed)).toEqual(new Set([wecom.issuedTokens()[0]]));
  });

  it('shares the token with another replica through the cache service', async () => {
    const wecom = createFakeWeCom();
    const cache = createMemoryCache();
    const replicaA = makeClient(wecom, { cache });
    const replicaB = makeClient(wecom, { cache });

    const tokenA = await replicaA.getAccessToken();
    const tokenB = await replicaB.getAccessToken();

    expect(tokenB).toBe(tokenA);
    expect(wecom.calls('/cgi-bin/gettoken')).toHaveLength(1);
  });

  it('does not reuse a token fetched with a secret that has since been rotated', async () => {
    const wecom = createFakeWeCom();
    const cache = createMemoryCache();
    const before = makeClient(wecom, { cache });
    const after = makeClient(wecom, {
      cache,
      credentials: { ...customApp, secret: `${SECRET}-rotated` },
    });

    const oldToken = await before.getAccessToken();
    const newToken = await after.getAccessToken();

    expect(newToken).not.toBe(oldToken);
    expect(
      wecom.calls('/cgi-bin/gettoken').map(r => r.query.corpsecret),
    ).toEqual([SECRET, `${SECRET}-rotated`]);
  });

  it('keys the cache by base URL, corp and agent but never stores the secret in the key', async () => {
    const wecom = createFakeWeCom();
    const keys: string[] = [];
    const inner = createMemoryCache();
    const cache: CacheService = {
      get: key => inner.get(key),
      set: (key, value, options) => {
        keys.push(key);
        return inner.set(key, value, options);
      },
      delete: key => inner.delete(key),
      withOptions: options => inner.withOptions(options),
    };

    await makeClient(wecom, { cache }).getAccessToken();

    expect(keys).toHaveLength(1);
    expect(keys[0]).toContain('https://qyapi.weixin.qq.com');
    expect(keys[0]).toContain(customApp.corpId);
    expect(keys[0]).toContain(String(customApp.agentId));
    expect(keys[0]).not.toContain(SECRET);
  });

  it('refreshes the token about five minutes before WeCom expires it', async () => {
    const wecom = createFakeWeCom({ expiresIn: 7200 });
    let now = Date.UTC(2025, 0, 1);
    const client = makeClient(wecom, { now: () => now });

    const first = await client.getAccessToken();
    now += (7200 - 300 - 1) * 1000;
    expect(await client.getAccessToken()).toBe(first);
    expect(wecom.calls('/cgi-bin/gettoken')).toHaveLength(1);

    now += 2 * 1000;
    const second = await client.getAccessToken();
    expect(second).not.toBe(first);
    expect(wecom.calls('/cgi-bin/gettoken')).toHaveLength(2);
  });

  it('fetches the token only once when many calls start together', async () => {
    const wecom = createFakeWeCom();
    let releaseToken: () => void = () => {};
    const tokenGate = new Promise<void>(resolve => {
      releaseToken = resolve;
    });
    wecom.on('/cgi-bin/gettoken', async () => {
      await tokenGate;
      return {
        errcode: 0,
        errmsg: 'ok',
        access_token: wecom.issueToken('access'),
        expires_in: 7200,
      };
    });
    const client = makeClient(wecom);

    const calls = Array.from({ length: 10 }, (_, i) => client.getUser(`u${i}`));
    await new Promise(resolve => setImmediate(resolve));
    releaseToken();
    const users = await Promise.all(calls);

    expect(users.map(u => u.userid)).toEqual(
      Array.from({ length: 10 }, (_, i) => `u${i}`),
    );
    expect(wecom.calls('/cgi-bin/gettoken')).toHaveLength(1);
  });

  it('fetches a new token once and retries the call when WeCom says the token expired', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/user/get', () => ({
      errcode: 0,
      errmsg: 'ok',
      userid: 'zhangsan',
    }));
    const client = makeClient(wecom);
    const first = await client.getAccessToken();

    wecom.expireTokens();
    const user = await client.getUser('zhangsan');

    expect(user.userid).toBe('zhangsan');
    const gets = wecom.calls('/cgi-bin/user/get');
    expect(gets).toHaveLength(2);
    expect(gets[0].query.access_token).toBe(first);
    expect(gets[1].query.access_token).not.toBe(first);
    expect(wecom.calls('/cgi-bin/gettoken')).toHaveLength(2);
  });

  it.each([40014, 41001])(
    'also refetches the token on errcode %i',
    async errcode => {
      const wecom = createFakeWeCom();
      wecom.enqueue('/cgi-bin/appchat/send', { errcode, errmsg: 'token' });
      const client = makeClient(wecom);

      await client.sendAppChatMessage({ chatid: 'war1', msgtype: 'text' });

      expect(wecom.calls('/cgi-bin/gettoken')).toHaveLength(2);
      expect(wecom.calls('/cgi-bin/appchat/send')).toHaveLength(2);
    },
  );

  it('gives up after one refetch when the new token is rejected too', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/user/get', () => ({
      errcode: 40014,
      errmsg: 'invalid access_token',
    }));
    const client = makeClient(wecom);

    const error = await client.getUser('zhangsan').catch(e => e);

    expect(error).toBeInstanceOf(WeComApiError);
    expect(error.errcode).toBe(40014);
    expect(wecom.calls('/cgi-bin/gettoken')).toHaveLength(2);
    expect(wecom.calls('/cgi-bin/user/get')).toHaveLength(2);
  });

  it('does not drop a newer token another replica stored after the rejected one', async () => {
    const wecom = createFakeWeCom();
    const cache = createMemoryCache();
    const replicaA = makeClient(wecom, { cache });
    const replicaB = makeClient(wecom, { cache });
    await replicaA.getAccessToken();

    wecom.expireTokens();
    await replicaB.getUser('zhangsan'); // B refetches and stores token 2
    await replicaA.getUser('zhangsan'); // A finds token 2 already in the cache

    expect(wecom.calls('/cgi-bin/gettoken')).toHaveLength(2);
  });

  it('explains a missing secret without calling WeCom', async () => {
    const wecom = createFakeWeCom();
    const client = makeClient(wecom, {
      credentials: { ...customApp, secret: undefined },
    });

    await expect(client.getAccessToken()).rejects.toBeInstanceOf(
      WeComCredentialsError,
    );
    expect(wecom.requests).toHaveLength(0);
  });
});

describe('WeComClient third-party app tokens', () => {
  const SUITE_SECRET = 'suite-secret-0123456789abcdefghijklmnop';
  const PERMANENT_CODE = 'permanent-code-0123456789abcdef';

  function thirdPartyCredentials(
    ticket: string | null = 'ticket-0123456789',
  ): WeComAppCredentials {
    return {
      integrationId: 'isv',
      mode: 'thirdPartyApp',
      corpId: 'wwcustomercorp',
      agentId: 1000005,
      apiBaseUrl: 'https://qyapi.weixin.qq.com',
      suite: {
        suiteId: 'wwsuite01',
        suiteSecret: SUITE_SECRET,
        getSuiteTicket: async () => ticket ?? undefined,
        getPermanentCode: async corpId =>
          corpId === 'wwcustomercorp' ? PERMANENT_CODE : undefined,
      },
    };
  }

  it('gets the corp token with the suite token and the permanent code, and caches both', async () => {
    const wecom = createFakeWeCom();
    const client = makeClient(wecom, { credentials: thirdPartyCredentials() });

    await client.getUser('zhangsan');
    await client.getUser('lisi');
    await client.getSuiteToken();

    const suiteCalls = wecom.calls('/cgi-bin/service/get_suite_token');
    expect(suiteCalls).toHaveLength(1);
    expect(suiteCalls[0].body).toEqual({
      suite_id: 'wwsuite01',
      suite_secret: SUITE_SECRET,
      suite_ticket: 'ticket-0123456789',
    });
    const corpCalls = wecom.calls('/cgi-bin/service/get_corp_token');
    expect(corpCalls).toHaveLength(1);
    expect(corpCalls[0].body).toEqual({
      auth_corpid: 'wwcustomercorp',
      permanent_code: PERMANENT_CODE,
    });
    expect(corpCalls[0].query.suite_access_token).toMatch(/^suite-/);
    expect(wecom.calls('/cgi-bin/user/get')[1].query.access_token).toMatch(
      /^corp-/,
    );
    expect(wecom.calls('/cgi-bin/gettoken')).toHaveLength(0);
  });

  it('refetches the corp token when WeCom says it expired', async () => {
    const wecom = createFakeWeCom();
    const client = makeClient(wecom, { credentials: thirdPartyCredentials() });
    await client.getUser('zhangsan');

    wecom.expireTokens();
    await client.getUser('zhangsan');

    // The new corp token is first requested with the old suite token, which
    // WeCom rejects too: the suite token is refetched and the request repeated.
    const corpCalls = wecom.calls('/cgi-bin/service/get_corp_token');
    expect(corpCalls).toHaveLength(3);
    expect(corpCalls[2].query.suite_access_token).not.toBe(
      corpCalls[1].query.suite_access_token,
    );
    expect(wecom.calls('/cgi-bin/service/get_suite_token')).toHaveLength(2);
  });

  it('exchanges an auth code for the permanent code with the suite token', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/service/get_permanent_code', () => ({
      errcode: 0,
      errmsg: 'ok',
      permanent_code: 'new-permanent-code',
      auth_corp_info: { corpid: 'wwnewcorp', corp_name: 'New Corp' },
      auth_info: { agent: [{ agentid: 1000009, name: 'Incidents' }] },
    }));
    const client = makeClient(wecom, { credentials: thirdPartyCredentials() });

    const result = await client.getPermanentCode('auth-code-1');

    expect(result.permanent_code).toBe('new-permanent-code');
    expect(result.auth_corp_info.corpid).toBe('wwnewcorp');
    expect(result.auth_info?.agent?.[0].agentid).toBe(1000009);
    const [call] = wecom.calls('/cgi-bin/service/get_permanent_code');
    expect(call.body).toEqual({ auth_code: 'auth-code-1' });
    expect(call.query.suite_access_token).toMatch(/^suite-/);
  });

  it('explains that the suite ticket has not arrived yet', async () => {
    const wecom = createFakeWeCom();
    const client = makeClient(wecom, {
      credentials: thirdPartyCredentials(null),
    });

    const error = await client.getAccessToken().catch(e => e);

    expect(error).toBeInstanceOf(WeComCredentialsError);
    expect(error.hint).toMatch(/every 10 minutes/);
    expect(wecom.requests).toHaveLength(0);
  });
});

import { WeComClientOptions } from './WeComClient';
import { WeComApiError, WeComNetworkError, isWeComApiError } from './errors';
import {
  FakeWeCom,
  createFakeWeCom,
  createTestClient,
} from './__testUtils__/fakeWeCom';
import type { WeComRateLimiter } from './rateLimits';

function makeClient(
  wecom: FakeWeCom,
  overrides: Partial<WeComClientOptions> = {},
) {
  const { client, sleeps } = createTestClient(wecom, {
    random: () => 1, // the full exponential cap, so delays are predictable
    retry: { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000 },
    ...overrides,
  });
  return { client, sleeps };
}

const SEND = '/cgi-bin/message/send';
const message = {
  touser: 'zhangsan',
  msgtype: 'text',
  text: { content: 'hi' },
};

describe('WeComClient retries', () => {
  it.each([
    ['system busy (-1)', { errcode: -1, errmsg: 'system busy' }],
    [
      'rate limited (45009)',
      { errcode: 45009, errmsg: 'api freq out of limit' },
    ],
    ['HTTP 502', { httpStatus: 502 }],
    ['a network error', { networkError: 'ECONNRESET' }],
  ])(
    'retries after %s with exponential backoff, then succeeds',
    async (_, failure) => {
      const wecom = createFakeWeCom();
      wecom.enqueue(SEND, failure, failure);
      const { client, sleeps } = makeClient(wecom);

      const result = await client.sendMessage(message);

      expect(result.msgid).toBe('msg-1');
      expect(wecom.calls(SEND)).toHaveLength(3);
      expect(sleeps).toEqual([500, 1000]);
    },
  );

  it('draws each wait uniformly below the exponential cap (full jitter)', async () => {
    const wecom = createFakeWeCom();
    wecom.enqueue(
      SEND,
      { errcode: -1, errmsg: 'busy' },
      { errcode: -1, errmsg: 'busy' },
    );
    const { client, sleeps } = makeClient(wecom, { random: () => 0.25 });

    await client.sendMessage(message);

    expect(sleeps).toEqual([125, 250]);
  });

  it('never waits longer than maxDelayMs', async () => {
    const wecom = createFakeWeCom();
    const busy = { errcode: -1, errmsg: 'busy' };
    wecom.enqueue(SEND, busy, busy, busy, busy, busy);
    const { client, sleeps } = makeClient(wecom, {
      retry: { attempts: 6, baseDelayMs: 1000, maxDelayMs: 3000 },
    });

    await client.sendMessage(message);

    expect(sleeps).toEqual([1000, 2000, 3000, 3000, 3000]);
  });

  it('gives up after the configured number of attempts', async () => {
    const wecom = createFakeWeCom();
    wecom.on(SEND, () => ({ errcode: -1, errmsg: 'system busy' }));
    const { client, sleeps } = makeClient(wecom);

    const error = await client.sendMessage(message).catch(e => e);

    expect(isWeComApiError(error, -1)).toBe(true);
    expect(wecom.calls(SEND)).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('reports a network failure that outlasts the retries as WeComNetworkError', async () => {
    const wecom = createFakeWeCom();
    wecom.on(SEND, () => ({ networkError: 'ECONNREFUSED' }));
    const { client } = makeClient(wecom);

    const error = await client.sendMessage(message).catch(e => e);

    expect(error).toBeInstanceOf(WeComNetworkError);
    expect(error.api).toBe(SEND);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('does not retry 60020 and says what to change', async () => {
    const wecom = createFakeWeCom();
    wecom.on(SEND, () => ({
      errcode: 60020,
      errmsg: 'not allow to access from your ip, from ip: 203.0.113.7',
    }));
    const { client, sleeps } = makeClient(wecom);

    const error = await client.sendMessage(message).catch(e => e);

    expect(error).toBeInstanceOf(WeComApiError);
    expect(error).toMatchObject({ errcode: 60020, api: SEND });
    expect(error.hint).toMatch(/trusted IP/);
    expect(error.message).toContain(error.hint);
    expect(wecom.calls(SEND)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it.each([46004, 60011, 48002, 81013])(
    'does not retry errcode %i',
    async errcode => {
      const wecom = createFakeWeCom();
      wecom.on('/cgi-bin/user/getuserid', () => ({ errcode, errmsg: 'no' }));
      const { client } = makeClient(wecom);

      await expect(
        client.getUserIdByMobile('13800000000'),
      ).rejects.toMatchObject({
        errcode,
      });
      expect(wecom.calls('/cgi-bin/user/getuserid')).toHaveLength(1);
    },
  );

  it('does not retry an HTTP 404 (a wrong apiBaseUrl)', async () => {
    const wecom = createFakeWeCom();
    wecom.on('/cgi-bin/user/get', () => ({ httpStatus: 404 }));
    const { client } = makeClient(wecom);

    const error = await client.getUser('zhangsan').catch(e => e);

    expect(error).toBeInstanceOf(WeComNetworkError);
    expect(error.status).toBe(404);
    expect(wecom.calls('/cgi-bin/user/get')).toHaveLength(1);
  });

  it('retries a failing gettoken too', async () => {
    const wecom = createFakeWeCom();
    wecom.enqueue('/cgi-bin/gettoken', { errcode: -1, errmsg: 'busy' });
    const { client } = makeClient(wecom);

    await client.getUser('zhangsan');

    expect(wecom.calls('/cgi-bin/gettoken')).toHaveLength(2);
  });

  it('waits for the rate limiter again before each retry after 45009', async () => {
    const wecom = createFakeWeCom();
    wecom.enqueue(SEND, { errcode: 45009, errmsg: 'api freq out of limit' });
    const acquired: string[] = [];
    const rateLimiter: WeComRateLimiter = {
      acquire: async (api, key) => {
        acquired.push(`${api} ${key}`);
      },
    };
    const { client } = makeClient(wecom, { rateLimiter });

    await client.sendMessage(message);

    expect(acquired.filter(a => a.startsWith('message/send '))).toEqual([
      'message/send ww0123456789abcdef',
      'message/send ww0123456789abcdef',
    ]);
  });

  it("tells the rate limiter that WeCom's limit was hit, so it can stop spending", async () => {
    const wecom = createFakeWeCom();
    wecom.enqueue('/cgi-bin/user/get', {
      errcode: 45009,
      errmsg: 'api freq out of limit',
    });
    const events: string[] = [];
    const rateLimiter: WeComRateLimiter = {
      acquire: async api => {
        events.push(`acquire ${api}`);
      },
      rejected: async (api, key) => {
        events.push(`rejected ${api} ${key}`);
      },
    };
    const { client } = makeClient(wecom, { rateLimiter });

    await client.getUser('zhangsan');

    expect(events.filter(e => e.includes('user/'))).toEqual([
      'acquire user/get',
      'rejected user/get ww0123456789abcdef',
      'acquire user/get',
    ]);
  });
});

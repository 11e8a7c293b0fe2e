import {
  FakeWeCom,
  createFakeWeCom,
  createTestClient,
} from './__testUtils__/fakeWeCom';
import type { WeComRateLimiter } from './rateLimits';

const SEND = '/cgi-bin/message/send';

function makeClient(wecom: FakeWeCom, rateLimiter?: WeComRateLimiter) {
  return createTestClient(wecom, { rateLimiter }).client;
}

// Key order JSON.parse/JSON.stringify would change ("10" moves first) and
// spacing it would drop: only a byte-for-byte send keeps them.
const stored =
  '{"touser":"zhangsan|lisi","msgtype":"template_card","agentid":1000002,' +
  '"template_card":{"card_type":"button_interaction","task_id":"inc-1","x":1,"10":"ten"},' +
  '"enable_duplicate_check":1, "duplicate_check_interval":14400}';

describe('WeComClient.sendSerializedMessage', () => {
  it('sends the stored JSON byte for byte on every attempt, across retries and a token refetch', async () => {
    const wecom = createFakeWeCom();
    wecom.enqueue(
      SEND,
      { errcode: -1, errmsg: 'system busy' },
      { networkError: 'ECONNRESET' },
      { errcode: 42001, errmsg: 'access_token expired' },
    );
    const client = makeClient(wecom);

    const result = await client.sendSerializedMessage(stored);

    expect(result.msgid).toBe('msg-1');
    const sends = wecom.calls(SEND);
    expect(sends).toHaveLength(4);
    for (const send of sends) expect(send.rawBody).toBe(stored);
    // The token travels in the URL, never in the stored body.
    expect(sends[3].query.access_token).toBeDefined();
    expect(stored).not.toContain('access_token');
  });

  it('differs from sendMessage, which re-serialises its argument', async () => {
    const wecom = createFakeWeCom();
    await makeClient(wecom).sendMessage(JSON.parse(stored));
    expect(wecom.calls(SEND)[0].rawBody).not.toBe(stored);
  });

  it('waits for a per-member slot for each recipient, as sendMessage does', async () => {
    const wecom = createFakeWeCom();
    const acquired: string[] = [];
    const limiter: WeComRateLimiter = {
      acquire: async (api, key) => {
        acquired.push(`${api} ${key}`);
      },
    };
    await makeClient(wecom, limiter).sendSerializedMessage(stored);
    expect(acquired).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ww0123456789abcdef:1000002:zhangsan$/),
        expect.stringMatching(/ww0123456789abcdef:1000002:lisi$/),
        'message/send ww0123456789abcdef',
      ]),
    );
  });

  it.each([
    ['not JSON', '{"touser":'],
    ['no agentid', '{"touser":"a","msgtype":"text","text":{"content":"x"}}'],
  ])('refuses a body that is %s without calling WeCom', async (_, json) => {
    const wecom = createFakeWeCom();
    await expect(makeClient(wecom).sendSerializedMessage(json)).rejects.toThrow(
      /numeric agentid/,
    );
    expect(wecom.calls(SEND)).toHaveLength(0);
  });
});

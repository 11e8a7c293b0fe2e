import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  TEST_KEYS,
  eventually,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';
import { WeComSigner, cardClickXml } from '../__testUtils__/wecomSigner';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const app = new WeComSigner(
  TEST_KEYS.callbackToken,
  TEST_KEYS.callbackKey,
  TEST_KEYS.corpId,
);
const bot = new WeComSigner(TEST_KEYS.botToken, TEST_KEYS.botKey, '');
const CALLBACK = '/api/wecom/integrations/acme/callback';
const BOT_CALLBACK = '/api/wecom/integrations/acme/bot-callback';

describe.each(databases.eachSupportedId())('callbacks on %p', databaseId => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;

  beforeAll(async () => {
    ctx = await startWeComBackend({
      knex: await databases.init(databaseId),
      botReply: message =>
        message.msgType === 'text'
          ? {
              msgtype: 'stream',
              stream: { id: `s-${message.msgId}`, finish: false, content: '…' },
            }
          : undefined,
    });
  });
  afterAll(() => ctx.backend.stop());

  it('answers URL verification signed by WeCom with the plain echo, without a Backstage token', async () => {
    const res = await request(ctx.server)
      .get(CALLBACK)
      .query(app.urlVerification('8812345678901234567'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('8812345678901234567');
  });

  it('answers the bot URL verification with the bot keys (empty receiveid)', async () => {
    const res = await request(ctx.server)
      .get(BOT_CALLBACK)
      .query(bot.urlVerification('bot-echo-1'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('bot-echo-1');
  });

  it('decrypts a card click, answers an empty body and hands the typed event to handlers once, even when WeCom retries', async () => {
    const xml = cardClickXml({
      corpId: TEST_KEYS.corpId,
      userId: 'zhangsan',
      taskId: 'inc-42-1',
      eventKey: 'start_processing',
      responseCode: 'code-click-1',
    });
    for (let attempt = 0; attempt < 3; attempt++) {
      // Each retry is encrypted afresh, as WeCom does.
      const { query, body } = app.xmlCallback(xml);
      const res = await request(ctx.server)
        .post(CALLBACK)
        .query(query)
        .set('Content-Type', 'text/xml')
        .send(body);
      expect(res.status).toBe(200);
      // Nothing to reply: an empty body (page 90238, 以空串为返回包).
      expect(res.text).toBe('');
    }
    await eventually(() =>
      expect(
        ctx.appEvents.filter(e => e.type === 'template_card_event'),
      ).toHaveLength(1),
    );
    expect(ctx.appEvents[0]).toMatchObject({
      integrationId: 'acme',
      type: 'template_card_event',
      fromUserId: 'zhangsan',
      eventKey: 'start_processing',
      taskId: 'inc-42-1',
      responseCode: 'code-click-1',
      cardType: 'button_interaction',
      agentId: 1000002,
    });
  });

  it('hands a ⋯ menu click (template_card_menu_event) to handlers as a click with its response code', async () => {
    const xml = cardClickXml({
      corpId: TEST_KEYS.corpId,
      userId: 'lisi',
      taskId: 'inc-42-1',
      eventKey: 'snooze_240',
      responseCode: 'code-menu-1',
      event: 'template_card_menu_event',
    });
    const { query, body } = app.xmlCallback(xml);
    const res = await request(ctx.server)
      .post(CALLBACK)
      .query(query)
      .set('Content-Type', 'text/xml')
      .send(body);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await eventually(() =>
      expect(
        ctx.appEvents.filter(e => e.type === 'template_card_menu_event'),
      ).toEqual([
        expect.objectContaining({
          fromUserId: 'lisi',
          eventKey: 'snooze_240',
          taskId: 'inc-42-1',
          responseCode: 'code-menu-1',
          cardType: 'button_interaction',
          selectedItems: [],
        }),
      ]),
    );
  });

  it('answers a bot message with the handler reply, encrypted so WeCom can open it', async () => {
    const { query, body } = bot.jsonCallback({
      msgid: 'msg-1',
      aibotid: 'bot-1',
      chattype: 'single',
      from: { userid: 'lisi' },
      msgtype: 'text',
      text: { content: 'what is firing?' },
    });
    const res = await request(ctx.server)
      .post(BOT_CALLBACK)
      .query(query)
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(200);
    const opened = bot.openReply(res.body);
    expect(opened.id).toBe('');
    expect(JSON.parse(opened.message)).toEqual({
      msgtype: 'stream',
      stream: { id: 's-msg-1', finish: false, content: '…' },
    });
    expect(ctx.botMessages.at(-1)).toMatchObject({
      fromUserId: 'lisi',
      text: 'what is firing?',
      chatType: 'single',
    });
  });

  it('answers a bot message WeCom delivers twice with the same stream: the repeat gets the answer again', async () => {
    const message = {
      msgid: 'msg-twice',
      aibotid: 'bot-1',
      chattype: 'group',
      chatid: 'wr1',
      from: { userid: 'zhangsan' },
      msgtype: 'voice',
      voice: { content: 'what changed since nine?' },
    };
    const send = () => {
      // Each delivery is signed afresh (new nonce), as WeCom's retries are.
      const { query, body } = bot.jsonCallback(message);
      return request(ctx.server)
        .post(BOT_CALLBACK)
        .query(query)
        .set('Content-Type', 'application/json')
        .send(body);
    };
    const streamOf = (res: request.Response) =>
      JSON.parse(bot.openReply(res.body).message).stream;
    const seenBefore = ctx.botMessages.length;

    const first = await send();
    const again = await send();

    expect([first.status, again.status]).toEqual([200, 200]);
    // The recorder module lets it through; the AI SRE bot answers it, and
    // answers WeCom's repeat from the stream of the first delivery (WeCom
    // repeats a message whose answer did not reach it).
    expect(streamOf(again).id).toBe(streamOf(first).id);
    const seen = ctx.botMessages.slice(seenBefore);
    // Modules' handlers see each delivery and de-duplicate by msgid.
    expect(seen.map(m => m.msgId)).toEqual(['msg-twice', 'msg-twice']);
    // A voice message reaches the handlers as its transcription.
    expect(seen[0]).toMatchObject({
      msgType: 'voice',
      text: 'what changed since nine?',
      chatType: 'group',
      chatId: 'wr1',
    });
  });

  it('refuses a tampered signature with 401', async () => {
    const { query, body } = app.xmlCallback('<xml/>');
    const res = await request(ctx.server)
      .post(CALLBACK)
      .query({ ...query, msg_signature: '0'.repeat(40) })
      .send(body);
    expect(res.status).toBe(401);
    expect(res.text).toMatch(/signature/i);
  });

  it('refuses a replay three hours old with 403', async () => {
    const old = String(Math.floor(Date.now() / 1000) - 3 * 3600);
    const { query, body } = app.xmlCallback(
      cardClickXml({
        corpId: TEST_KEYS.corpId,
        userId: 'zhangsan',
        taskId: 't',
        eventKey: 'k',
        responseCode: 'replayed',
      }),
      old,
    );
    const res = await request(ctx.server)
      .post(CALLBACK)
      .query(query)
      .send(body);
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/replay/);
  });

  it('refuses an oversized body with 413', async () => {
    const { query } = app.xmlCallback('<xml/>');
    const res = await request(ctx.server)
      .post(CALLBACK)
      .query(query)
      .set('Content-Type', 'text/xml')
      .send(`<xml><Encrypt>${'A'.repeat(200_000)}</Encrypt></xml>`);
    expect(res.status).toBe(413);
  });

  it('refuses XML with a DTD (XXE) inside a validly signed message with 400', async () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><ToUserName>&e;</ToUserName></xml>';
    const { query, body } = app.xmlCallback(xxe);
    const res = await request(ctx.server)
      .post(CALLBACK)
      .query(query)
      .send(body);
    expect(res.status).toBe(400);
  });

  it('refuses an XXE envelope before decrypting anything', async () => {
    const { query } = app.xmlCallback('<xml/>');
    const res = await request(ctx.server)
      .post(CALLBACK)
      .query(query)
      .send(
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>',
      );
    expect(res.status).toBe(400);
  });

  it('refuses malformed base64, missing parameters and bad JSON with 4xx', async () => {
    const badBase64 = '!!!not-base64!!!';
    const res1 = await request(ctx.server)
      .post(CALLBACK)
      .query(app.query(badBase64))
      .send(`<xml><Encrypt>${badBase64}</Encrypt></xml>`);
    expect(res1.status).toBeGreaterThanOrEqual(400);
    expect(res1.status).toBeLessThan(500);

    const res2 = await request(ctx.server).post(CALLBACK).send('<xml/>');
    expect(res2.status).toBe(400);

    const res3 = await request(ctx.server)
      .post(BOT_CALLBACK)
      .query(bot.query('x'))
      .send('{"encrypt": ');
    expect(res3.status).toBe(400);
  });

  it('refuses a bot message whose sender or chat cannot be a WeCom id with 400', async () => {
    const odd = [
      { from: { userid: 'u'.repeat(65) } },
      { from: { userid: 'zhang\u0000san' } },
      { from: { userid: 'lisi' }, chattype: 'group', chatid: 'c'.repeat(200) },
    ];
    for (const [i, fields] of odd.entries()) {
      const { query, body } = bot.jsonCallback({
        msgid: `odd-${i}`,
        aibotid: 'bot-1',
        chattype: 'single',
        // Voice: the recorder lets it through to the AI SRE bot.
        msgtype: 'voice',
        voice: { content: 'hello' },
        ...fields,
      });
      const res = await request(ctx.server)
        .post(BOT_CALLBACK)
        .query(query)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/not a WeCom (userid|chatid)/);
    }
  });

  it('refuses a bot message whose stream id or response_url cannot be WeCom\u2019s with 400', async () => {
    // A refresh names a stream id the bot gave out; a response_url is a
    // URL: neither holds control characters, which PostgreSQL cannot store
    // or compare (before: HTTP 500 on PostgreSQL).
    const odd = [
      {
        msgtype: 'stream',
        stream: { id: 's\u0000x' },
      },
      {
        msgtype: 'voice',
        voice: { content: 'hello' },
        response_url:
          'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=a\u0000b',
      },
    ];
    for (const [i, fields] of odd.entries()) {
      const { query, body } = bot.jsonCallback({
        msgid: `odd-stream-${i}`,
        aibotid: 'bot-1',
        chattype: 'single',
        from: { userid: 'lisi' },
        ...fields,
      });
      const res = await request(ctx.server)
        .post(BOT_CALLBACK)
        .query(query)
        .set('Content-Type', 'application/json')
        .send(body);
      expect({ i, status: res.status }).toEqual({ i, status: 400 });
      expect(res.text).toMatch(/not a WeCom (stream id|response_url)/);
    }
  });

  it('answers 404 for an unknown integration', async () => {
    const res = await request(ctx.server)
      .get('/api/wecom/integrations/nope/callback')
      .query(app.urlVerification('1'));
    expect(res.status).toBe(404);
  });

  it('refuses a message sealed for another corp (receiveid mismatch)', async () => {
    const other = new WeComSigner(
      TEST_KEYS.callbackToken,
      TEST_KEYS.callbackKey,
      'wwsomeoneelse',
    );
    const res = await request(ctx.server)
      .get(CALLBACK)
      .query(other.urlVerification('1'));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/-40005/);
  });
});

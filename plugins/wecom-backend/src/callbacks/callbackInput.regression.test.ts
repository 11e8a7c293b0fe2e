import { createTestDatabases } from '../__testUtils__/databases';
import { TEST_KEYS } from '../__testUtils__/startWeComBackend';
import { cardClickXml } from '../__testUtils__/wecomSigner';
import {
  CallbackFuzzApp,
  FUZZ_SIGNERS,
  FUZZ_SUITE,
  startCallbackFuzzApp,
} from './__testUtils__/callbackFuzzHarness';

// What the callback fuzz found: validly signed callbacks (or odd ids) that
// were answered with a 500, some only on PostgreSQL, which refuses NUL
// characters and values longer than a column.

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'callback input the fuzz found, on %p',
  databaseId => {
    let app: CallbackFuzzApp;
    beforeAll(async () => {
      app = await startCallbackFuzzApp({
        knex: await databases.init(databaseId),
      });
    });
    afterAll(() => app.stop());

    const postBot = (message: unknown) => {
      const { query, body } = FUZZ_SIGNERS.bot.jsonCallback(message as object);
      return app.send({
        method: 'POST',
        path: `/api/wecom/integrations/acme/bot-callback?${new URLSearchParams(
          query,
        )}`,
        headers: { 'content-type': 'application/json' },
        body,
      });
    };
    const postApp = (xml: string) => {
      const { query, body } = FUZZ_SIGNERS.app.xmlCallback(xml);
      return app.send({
        method: 'POST',
        path: `/api/wecom/integrations/acme/callback?${new URLSearchParams(
          query,
        )}`,
        body,
      });
    };
    const postSuite = (xml: string) => {
      const { query, body } = FUZZ_SIGNERS.suite.xmlCallback(xml);
      return app.send({
        method: 'POST',
        path: `/api/wecom/suites/${
          FUZZ_SUITE.suiteId
        }/callback?${new URLSearchParams(query)}`,
        body,
      });
    };

    it('answers 404, not 500, for an integration id with a NUL character', async () => {
      const query = new URLSearchParams(
        FUZZ_SIGNERS.app.urlVerification('echo'),
      );
      const answer = await app.send({
        method: 'GET',
        path: `/api/wecom/integrations/ac%00me/callback?${query}`,
      });
      expect(answer.status).toBe(404);
    });

    it('refuses a bot message whose msgtype is an object with a toString key', async () => {
      const answer = await postBot({
        msgid: 'm-1',
        msgtype: { toString: 1 },
      });
      expect(answer).toEqual({
        status: 400,
        body: 'Bot callback lacks msgtype',
      });
    });

    it('takes a bot message whose other fields are odd JSON as missing', async () => {
      const answer = await postBot({
        msgid: [{ valueOf: {} }],
        msgtype: 'image',
        from: { userid: { toString: 'x' } },
        image: { url: { toString: 1 } },
      });
      expect(answer.status).toBe(200);
    });

    it('de-duplicates bot messages whose msgid has a NUL character or is longer than the stream column', async () => {
      for (const msgid of ['a\u0000b', 'm'.repeat(300)]) {
        const before = await app.snapshot();
        const message = {
          msgid,
          msgtype: 'text',
          chattype: 'single',
          from: { userid: 'zhangsan' },
          text: { content: 'hi' },
        };
        expect((await postBot(message)).status).toBe(200);
        expect((await postBot(message)).status).toBe(200);
        const after = await app.snapshot();
        // One stream row answers both deliveries.
        expect(Number(after.botStreams)).toBe(Number(before.botStreams) + 1);
      }
    });

    it('queues a card click with a response code longer than the receipts column once', async () => {
      const before = await app.snapshot();
      const xml = cardClickXml({
        corpId: TEST_KEYS.corpId,
        userId: 'zhangsan',
        taskId: 'inc-1-1',
        eventKey: 'not-an-incident-card',
        responseCode: 'c'.repeat(200),
      });
      expect(await postApp(xml)).toEqual({ status: 200, body: '' });
      expect(await postApp(xml)).toEqual({ status: 200, body: '' });
      await app.settle();
      const after = await app.snapshot();
      expect(Number(after.jobs)).toBe(Number(before.jobs) + 1);
    });

    it('refuses an app event whose type is not a WeCom event type, without writing', async () => {
      const before = await app.snapshot();
      const xml = `<xml><ToUserName><![CDATA[${
        TEST_KEYS.corpId
      }]]></ToUserName><FromUserName><![CDATA[lisi]]></FromUserName><CreateTime>${Math.floor(
        Date.now() / 1000,
      )}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${'e'.repeat(
        100,
      )}]]></Event></xml>`;
      const answer = await postApp(xml);
      expect(answer.status).toBe(400);
      expect(await app.snapshot()).toEqual(before);
    });

    it('refuses a suite instruction whose AuthCorpId is not a corp id, without writing', async () => {
      const before = await app.snapshot();
      const answer = await postSuite(
        `<xml><SuiteId><![CDATA[${FUZZ_SUITE.suiteId}]]></SuiteId><InfoType><![CDATA[cancel_auth]]></InfoType><AuthCorpId><![CDATA[ww\u0000x]]></AuthCorpId></xml>`,
      );
      expect(answer).toEqual({
        status: 400,
        body: 'AuthCorpId is not a WeCom corp id',
      });
      expect(await app.snapshot()).toEqual(before);
    });

    it('logs no error for any of it', () => {
      expect(app.logger.lines.filter(l => l.level === 'error')).toEqual([]);
    });
  },
);

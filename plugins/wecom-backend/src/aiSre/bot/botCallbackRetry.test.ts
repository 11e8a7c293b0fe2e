import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  TEST_KEYS,
  startWeComBackend,
} from '../../__testUtils__/startWeComBackend';
import { WeComSigner } from '../../__testUtils__/wecomSigner';

// Finding 7 of the security review: a bot question must survive a failure
// after WeCom's delivery was first seen. WeCom retries a message whose
// answer it did not get; the retry must be answered, not dropped as a
// duplicate.

jest.setTimeout(60_000);

const databases = createTestDatabases();
const bot = new WeComSigner(TEST_KEYS.botToken, TEST_KEYS.botKey, '');
const BOT_CALLBACK = '/api/wecom/integrations/acme/bot-callback';

describe.each(databases.eachSupportedId())(
  'a bot message WeCom retries on %p',
  databaseId => {
    let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
    let knex: Knex;
    /** Message ids whose first delivery fails inside the handlers. */
    const failOnce = new Set<string>();

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ctx = await startWeComBackend({
        knex,
        // A module's handler runs before the AI SRE bot: its failure is a
        // failure between "seen" and the bot's stream row.
        botReply: message => {
          if (failOnce.delete(message.msgId)) {
            throw new Error('the database went away for a moment');
          }
          return undefined;
        },
      });
    });
    afterAll(() => ctx.backend.stop());

    const deliver = (message: object) => {
      // Each delivery is signed afresh (new nonce), as WeCom's retries are.
      const { query, body } = bot.jsonCallback(message);
      return request(ctx.server)
        .post(BOT_CALLBACK)
        .query(query)
        .set('Content-Type', 'application/json')
        .send(body);
    };
    const streamOf = (res: request.Response) =>
      JSON.parse(bot.openReply(res.body).message).stream as {
        id: string;
        finish: boolean;
        content: string;
      };

    it('answers the retry of a message whose first delivery failed after it was first seen', async () => {
      const message = {
        msgid: 'lost-question-1',
        aibotid: 'bot-1',
        chattype: 'single',
        from: { userid: 'lisi' },
        msgtype: 'text',
        text: { content: 'what is happening?' },
      };
      failOnce.add(message.msgid);

      const first = await deliver(message);
      expect(first.status).toBe(500);

      const retry = await deliver(message);
      expect(retry.status).toBe(200);
      // Before the fix the retry was taken for a duplicate: an empty answer,
      // and the question was never answered.
      expect(retry.text).not.toBe('');
      const stream = streamOf(retry);
      expect(stream.id).toMatch(/^[0-9a-f]{32}$/);
      expect(stream.content).not.toBe('');
    });

    it('answers a repeat of an answered message from its stream, without asking again', async () => {
      const message = {
        msgid: 'asked-twice-1',
        aibotid: 'bot-1',
        chattype: 'single',
        from: { userid: 'wangwu' },
        msgtype: 'text',
        text: { content: 'what is happening?' },
      };
      const first = streamOf(await deliver(message));
      const rows = async () => {
        const [{ n }] = await knex('wecom_bot_streams')
          .where({ msg_id: message.msgid })
          .count({ n: '*' });
        return Number(n);
      };

      const repeat = await deliver(message);
      expect(repeat.status).toBe(200);
      const again = streamOf(repeat);
      // The same stream, so WeCom goes on refreshing the one answer.
      expect(again.id).toBe(first.id);
      expect(await rows()).toBe(1);
    });
  },
);

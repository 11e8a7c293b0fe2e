import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  TEST_KEYS,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';
import { WeComSigner } from '../__testUtils__/wecomSigner';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = () => ({ Authorization: mockCredentials.user.header() });
const BOT_SECRET = 'initech-bot-secret-do-not-leak';

const initech = {
  id: 'initech',
  name: 'Initech',
  mode: 'thirdPartyApp',
  corpId: 'wwinitech0000001',
  bot: { mode: 'longConnection', botId: 'aibinitech01', secret: BOT_SECRET },
};

describe.each(databases.eachSupportedId())(
  'the smart bot transport of an integration on %p',
  databaseId => {
    let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
    let knex: Awaited<ReturnType<typeof databases.init>>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ctx = await startWeComBackend({
        knex,
        extraConfig: {
          allowedApiHosts: [
            'qyapi.weixin.qq.com',
            'openws.work.weixin.qq.com',
            'openws.initech.internal',
          ],
          // initech is a third-party app: the suite that serves it.
          suites: [
            {
              suiteId: 'wwsuiteinitech01',
              suiteSecret: 'suite-secret-initech-0001',
              token: 'SuiteTokenInitech1',
              encodingAESKey: 'SuiteKeyInitech0123456789abcdefghijklmnopqr',
            },
          ],
        },
      });
    });
    afterAll(() => ctx.backend.stop());

    const api = () => request(ctx.server);
    /** Saves initech again with other bot settings. */
    const updateBot = (bot: object) =>
      api()
        .put('/api/wecom/integrations/initech')
        .set(auth())
        .send({ ...initech, id: undefined, bot });

    it('stores a long-connection bot with its Secret sealed and shows it only as set', async () => {
      const res = await api()
        .post('/api/wecom/integrations')
        .set(auth())
        .send(initech);
      expect(res.status).toBe(201);
      expect(res.body.bot).toEqual({
        mode: 'longConnection',
        token: 'unset',
        encodingAESKey: 'unset',
        botId: 'aibinitech01',
        secret: 'set',
      });
      expect(res.body.urls.botCallbackUrl).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toContain(BOT_SECRET);

      const row = await knex('wecom_integrations')
        .where({ id: 'initech' })
        .first();
      expect(JSON.stringify(row)).not.toContain(BOT_SECRET);
      const listed = await api().get('/api/wecom/integrations').set(auth());
      expect(JSON.stringify(listed.body)).not.toContain(BOT_SECRET);
    });

    it('keeps the stored bot Secret when an update leaves it out, unless the bot ID or address changes', async () => {
      const kept = await updateBot({ mode: 'longConnection' });
      expect(kept.status).toBe(200);
      expect(kept.body.bot).toMatchObject({
        botId: 'aibinitech01',
        secret: 'set',
      });

      const moved = {
        botId: 'aibinitech02',
        wsUrl: 'wss://openws.initech.internal',
      };
      const refused = await updateBot(moved);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(
        /you changed bot\.botId and bot\.wsUrl, so enter the bot's Secret \(bot\.secret\) again/,
      );

      const res = await updateBot({ ...moved, secret: BOT_SECRET });
      expect(res.status).toBe(200);
      expect(res.body.bot).toMatchObject({
        mode: 'longConnection',
        botId: 'aibinitech02',
        secret: 'set',
        wsUrl: 'wss://openws.initech.internal',
      });
    });

    it('refuses an incomplete or mixed bot with the reasons, and changes nothing', async () => {
      const missing = await updateBot({ mode: 'longConnection', secret: '' });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(
        /bot: the long connection needs the bot's Secret \(secret\)/,
      );

      const mixed = await api()
        .post('/api/wecom/integrations')
        .set(auth())
        .send({
          ...initech,
          id: 'hooli',
          bot: {
            mode: 'longConnection',
            botId: 'aib 1',
            secret: 's',
            token: 'BotToken1',
            wsUrl: 'http://openws.example.com',
          },
        });
      expect(mixed.status).toBe(400);
      const reasons = mixed.body.error.message;
      expect(reasons).toMatch(/bot\.botId: Bot ID must be 1 to 128 letters/);
      expect(reasons).toMatch(
        /bot\.wsUrl: Long-connection address must start with ws:\/\/ or wss:\/\//,
      );

      const unchanged = await api()
        .get('/api/wecom/integrations/initech')
        .set(auth());
      expect(unchanged.body.bot).toMatchObject({
        botId: 'aibinitech02',
        secret: 'set',
      });
      expect(
        (await api().get('/api/wecom/integrations/hooli').set(auth())).status,
      ).toBe(404);
    });

    it('refuses the bot callback of an integration whose bot uses the long connection', async () => {
      // Signed with keys the integration might once have had.
      const signer = new WeComSigner(TEST_KEYS.botToken, TEST_KEYS.botKey, '');
      const verification = await api()
        .get('/api/wecom/integrations/initech/bot-callback')
        .query(signer.urlVerification('echo'));
      expect(verification.status).toBe(404);
      expect(verification.text).toMatch(
        /reaches its smart bot over the long connection/,
      );
      const { query, body } = signer.jsonCallback({
        msgid: 'm1',
        msgtype: 'text',
        text: { content: 'hi' },
      });
      const message = await api()
        .post('/api/wecom/integrations/initech/bot-callback')
        .query(query)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(message.status).toBe(404);
    });

    it('switches the bot back to the callback, forgetting the long connection', async () => {
      const res = await updateBot({
        mode: 'callback',
        token: TEST_KEYS.botToken,
        encodingAESKey: TEST_KEYS.botKey,
      });
      expect(res.status).toBe(200);
      expect(res.body.bot).toEqual({
        mode: 'callback',
        token: 'set',
        encodingAESKey: 'set',
        secret: 'unset',
      });
      expect(res.body.urls.botCallbackUrl).toMatch(/initech\/bot-callback$/);
      const verification = await api()
        .get('/api/wecom/integrations/initech/bot-callback')
        .query(
          new WeComSigner(
            TEST_KEYS.botToken,
            TEST_KEYS.botKey,
            '',
          ).urlVerification('echo-2'),
        );
      expect(verification.status).toBe(200);
      expect(verification.text).toBe('echo-2');
    });
  },
);

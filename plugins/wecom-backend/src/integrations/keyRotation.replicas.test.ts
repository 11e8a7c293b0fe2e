import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { startWeComBackend } from '../__testUtils__/startWeComBackend';
import { WeComSigner } from '../__testUtils__/wecomSigner';
import { startRecordingWeCom } from '../__testUtils__/recordingWeCom';

jest.setTimeout(90_000);

// Two replicas of the backend on one database: an admin rotates keys on A,
// and B must follow at once, refusing the old (perhaps leaked) keys.

const databases = createTestDatabases();
const auth = () => ({ Authorization: mockCredentials.user.header() });

const CORP = 'wwrotating000001';
const BEFORE = {
  secret: 'secret-before-rotation-0000000001',
  callback: { token: 'CallbackTokenOld1', encodingAESKey: 'a'.repeat(43) },
  bot: { token: 'BotTokenOld1', encodingAESKey: 'b'.repeat(43) },
};
const AFTER = {
  secret: 'secret-after-rotation-00000000002',
  callback: { token: 'CallbackTokenNew2', encodingAESKey: 'c'.repeat(43) },
  bot: { token: 'BotTokenNew2', encodingAESKey: 'd'.repeat(43) },
};

describe.each(databases.eachSupportedId())(
  'key and secret rotation across two replicas on %p',
  databaseId => {
    let wecom: Awaited<ReturnType<typeof startRecordingWeCom>>;
    let a: Awaited<ReturnType<typeof startWeComBackend>>;
    let b: Awaited<ReturnType<typeof startWeComBackend>>;

    beforeAll(async () => {
      wecom = await startRecordingWeCom();
      const knex = await databases.init(databaseId);
      const options = {
        knex,
        extraConfig: { allowedApiHosts: [wecom.host] },
      };
      a = await startWeComBackend(options);
      b = await startWeComBackend(options);
    });
    afterAll(async () => {
      await a?.backend.stop();
      await b?.backend.stop();
      await wecom?.close();
    });

    const integration = {
      name: 'Rotating',
      mode: 'customApp',
      corpId: CORP,
      agentId: 1000002,
    };
    /** URL verification as WeCom does it, signed with `keys`. */
    const verify = (
      replica: typeof a,
      kind: 'callback' | 'bot-callback',
      keys: { token: string; encodingAESKey: string },
    ) =>
      request(replica.server)
        .get(`/api/wecom/integrations/rotating/${kind}`)
        .query(
          new WeComSigner(
            keys.token,
            keys.encodingAESKey,
            kind === 'callback' ? CORP : '',
          ).urlVerification('hello'),
        );

    it('B refuses the old callback keys and accepts the new ones as soon as A rotated them', async () => {
      const created = await request(a.server)
        .post('/api/wecom/integrations')
        .set(auth())
        .send({
          ...integration,
          id: 'rotating',
          apiBaseUrl: wecom.url,
          ...BEFORE,
        });
      expect(created.status).toBe(201);
      for (const replica of [a, b]) {
        expect((await verify(replica, 'callback', BEFORE.callback)).text).toBe(
          'hello',
        );
        expect((await verify(replica, 'bot-callback', BEFORE.bot)).text).toBe(
          'hello',
        );
      }

      const rotated = await request(a.server)
        .put('/api/wecom/integrations/rotating')
        .set(auth())
        .send({ ...integration, apiBaseUrl: wecom.url, ...AFTER });
      expect(rotated.status).toBe(200);

      expect((await verify(b, 'callback', BEFORE.callback)).status).toBe(401);
      expect((await verify(b, 'bot-callback', BEFORE.bot)).status).toBe(401);
      expect((await verify(b, 'callback', AFTER.callback)).text).toBe('hello');
      expect((await verify(b, 'bot-callback', AFTER.bot)).text).toBe('hello');
    });

    it("B's next WeCom call uses the Secret A saved", async () => {
      const test = () =>
        request(b.server)
          .post('/api/wecom/integrations/rotating/test')
          .set(auth());
      // Before: B calls WeCom with the current Secret...
      await request(a.server)
        .put('/api/wecom/integrations/rotating')
        .set(auth())
        .send({ ...integration, apiBaseUrl: wecom.url, secret: BEFORE.secret });
      await test();
      expect(wecom.secretsUsed()).toContain(BEFORE.secret);

      // ...then A rotates it.
      await request(a.server)
        .put('/api/wecom/integrations/rotating')
        .set(auth())
        .send({ ...integration, apiBaseUrl: wecom.url, secret: AFTER.secret });
      const from = wecom.requests.length;
      const report = await test();
      expect(report.body.checks[0]).toMatchObject({ status: 'ok' });
      const used = wecom.secretsUsed().slice(from);
      expect(used.length).toBeGreaterThan(0);
      expect(new Set(used)).toEqual(new Set([AFTER.secret]));
    });
  },
);

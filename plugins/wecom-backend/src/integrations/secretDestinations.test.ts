import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { freePort } from '../__testUtils__/freePort';
import {
  eventually,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';
import { WeComSigner } from '../__testUtils__/wecomSigner';
import {
  startRecordingWeCom,
  startRecordingWebSocket,
} from '../__testUtils__/recordingWeCom';

jest.setTimeout(90_000);

// An integration manager (allowed wecom.integration.manage) who wants the
// stored, write-only secrets, or a WeCom of their own that vouches for any
// member at the workspace login.

const databases = createTestDatabases();
const auth = () => ({ Authorization: mockCredentials.user.header() });

const SECRET = 'globex-app-secret-never-leaves-0001';
const BOT_SECRET = 'globex-bot-secret-never-leaves-0001';
const TENANT_CORP = 'wwtenant00000001';
const SUITE = {
  suiteId: 'wwsuitesec000001',
  suiteSecret: 'suite-secret-from-app-config-0001',
  token: 'SuiteToken789',
  encodingAESKey: 'SuiteKey0123456789abcdefghijklmnopqrstuvwxy',
};

describe.each(databases.eachSupportedId())(
  'where the stored secrets of an integration go, on %p',
  databaseId => {
    let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
    let wecom: Awaited<ReturnType<typeof startRecordingWeCom>>;
    let elsewhere: Awaited<ReturnType<typeof startRecordingWeCom>>;
    let outsider: Awaited<ReturnType<typeof startRecordingWeCom>>;
    let wecomSocket: Awaited<ReturnType<typeof startRecordingWebSocket>>;
    let elsewhereSocket: Awaited<ReturnType<typeof startRecordingWebSocket>>;
    let closedPort: number;
    const api = () => request(ctx.server);

    beforeAll(async () => {
      wecom = await startRecordingWeCom({ authCorpId: TENANT_CORP });
      elsewhere = await startRecordingWeCom();
      outsider = await startRecordingWeCom({ userid: 'the-ceo' });
      wecomSocket = await startRecordingWebSocket();
      elsewhereSocket = await startRecordingWebSocket();
      closedPort = await freePort();
      ctx = await startWeComBackend({
        knex: await databases.init(databaseId),
        extraConfig: {
          // Every stand-in but `outsider` is an allowed WeCom host: the
          // first tests are about entering the secrets again.
          allowedApiHosts: [
            wecom.host,
            elsewhere.host,
            wecomSocket.host,
            elsewhereSocket.host,
            `127.0.0.1:${closedPort}`,
          ],
          suites: [{ ...SUITE, apiBaseUrl: wecom.url }],
        },
      });
      const created = await api()
        .post('/api/wecom/integrations')
        .set(auth())
        .send({
          id: 'globex',
          name: 'Globex',
          mode: 'customApp',
          corpId: 'wwglobex00000001',
          agentId: 1000005,
          secret: SECRET,
          apiBaseUrl: wecom.url,
          bot: {
            mode: 'longConnection',
            botId: 'aibglobex01',
            secret: BOT_SECRET,
            wsUrl: wecomSocket.url,
          },
        });
      if (created.status !== 201) throw new Error(created.text);
    });
    afterAll(async () => {
      await ctx?.backend.stop();
      await Promise.all(
        [wecom, elsewhere, outsider, wecomSocket, elsewhereSocket].map(s =>
          s?.close(),
        ),
      );
    });

    const globex = {
      name: 'Globex',
      mode: 'customApp',
      corpId: 'wwglobex00000001',
      agentId: 1000005,
    };
    const update = (body: object) =>
      api().put('/api/wecom/integrations/globex').set(auth()).send(body);
    const connectionTest = () =>
      api().post('/api/wecom/integrations/globex/test').set(auth());

    it('refuses a new endpoint without the Secret entered again, so the stored Secret never reaches it', async () => {
      const moved = await update({ ...globex, apiBaseUrl: elsewhere.url });
      expect(moved.status).toBe(400);
      expect(moved.body.error.message).toMatch(
        /apiBaseUrl.*enter the Secret \(secret\) again/,
      );

      await connectionTest();
      expect(elsewhere.requests).toEqual([]);
      expect(wecom.secretsUsed()).toContain(SECRET);
      const view = await api()
        .get('/api/wecom/integrations/globex')
        .set(auth());
      expect(view.body.apiBaseUrl).toBe(wecom.url);
    });

    it('moves to another allowed endpoint when the Secret comes with it', async () => {
      const moved = await update({
        ...globex,
        apiBaseUrl: elsewhere.url,
        secret: 'the-secret-of-the-other-endpoint-01',
      });
      expect(moved.status).toBe(200);
      await connectionTest();
      expect(elsewhere.secretsUsed()).toContain(
        'the-secret-of-the-other-endpoint-01',
      );
      expect(elsewhere.secretsUsed()).not.toContain(SECRET);

      const back = await update({
        ...globex,
        apiBaseUrl: wecom.url,
        secret: SECRET,
      });
      expect(back.status).toBe(200);
    });

    it('refuses a new Corp ID: its members are not the ones linked', async () => {
      const res = await update({
        ...globex,
        corpId: 'wwattacker000001',
        apiBaseUrl: wecom.url,
        secret: 'secret-of-the-attackers-own-corp',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/Corp ID .*cannot change/);
    });

    it('refuses an endpoint outside wecom.allowedApiHosts, even with a Secret, so no fake WeCom can vouch for a member', async () => {
      const res = await update({
        ...globex,
        apiBaseUrl: outsider.url,
        secret: 'any-secret-the-fake-accepts',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        new RegExp(`apiBaseUrl: ${outsider.host} is not an allowed WeCom host`),
      );
      expect(res.body.error.message).toMatch(/wecom\.allowedApiHosts/);

      const created = await api()
        .post('/api/wecom/integrations')
        .set(auth())
        .send({
          ...globex,
          id: 'fake',
          secret: 'any',
          apiBaseUrl: outsider.url,
        });
      expect(created.status).toBe(400);

      await connectionTest();
      expect(outsider.requests).toEqual([]);
    });

    it("refuses a new long-connection address or bot ID without the bot's Secret entered again", async () => {
      const moved = await update({
        ...globex,
        apiBaseUrl: wecom.url,
        bot: { wsUrl: elsewhereSocket.url },
      });
      expect(moved.status).toBe(400);
      expect(moved.body.error.message).toMatch(
        /bot\.wsUrl.*enter the bot's Secret \(bot\.secret\) again/,
      );
      const renamed = await update({
        ...globex,
        apiBaseUrl: wecom.url,
        bot: { botId: 'aibsomeoneelse' },
      });
      expect(renamed.status).toBe(400);
      expect(renamed.body.error.message).toMatch(/bot\.botId/);

      const outside = await update({
        ...globex,
        apiBaseUrl: wecom.url,
        bot: { wsUrl: outsider.url.replace('http', 'ws'), secret: 'x' },
      });
      expect(outside.status).toBe(400);
      expect(outside.body.error.message).toMatch(
        /bot\.wsUrl: .* is not an allowed WeCom host/,
      );

      const view = await api()
        .get('/api/wecom/integrations/globex')
        .set(auth());
      expect(view.body.bot).toMatchObject({
        botId: 'aibglobex01',
        wsUrl: wecomSocket.url,
      });
      expect(elsewhereSocket.frames.join()).not.toContain(BOT_SECRET);
    });

    it('keeps the stored secrets when nothing about where they go changes', async () => {
      const res = await update({
        ...globex,
        name: 'Globex Inc.',
        apiBaseUrl: wecom.url,
        agentId: 1000006,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ secret: 'set', bot: { secret: 'set' } });
    });

    it("sends a suite's secrets only to the suite's own endpoint", async () => {
      // WeCom pushes a ticket and a corp installs the suite.
      const signer = new WeComSigner(
        SUITE.token,
        SUITE.encodingAESKey,
        SUITE.suiteId,
      );
      const push = async (xml: string) => {
        const { query, body } = signer.xmlCallback(xml);
        const res = await api()
          .post(`/api/wecom/suites/${SUITE.suiteId}/callback`)
          .query(query)
          .send(body);
        expect(res.status).toBe(200);
      };
      await push(
        `<xml><SuiteId>${SUITE.suiteId}</SuiteId><InfoType>suite_ticket</InfoType><SuiteTicket>ticket-0123456789</SuiteTicket></xml>`,
      );
      await push(
        `<xml><SuiteId>${SUITE.suiteId}</SuiteId><InfoType>create_auth</InfoType><AuthCode>auth-code-0123456789</AuthCode></xml>`,
      );

      const tenant = {
        name: 'Tenant',
        mode: 'thirdPartyApp',
        corpId: TENANT_CORP,
        suiteId: SUITE.suiteId,
      };
      const stolen = await api()
        .post('/api/wecom/integrations')
        .set(auth())
        .send({ ...tenant, id: 'tenant', apiBaseUrl: elsewhere.url });
      expect(stolen.status).toBe(400);
      expect(stolen.body.error.message).toMatch(
        /apiBaseUrl: a third-party app uses the endpoint of its suite/,
      );
      await api().post('/api/wecom/integrations/tenant/test').set(auth());
      expect(elsewhere.secretsUsed()).not.toContain(SUITE.suiteSecret);

      const proper = await api()
        .post('/api/wecom/integrations')
        .set(auth())
        .send({ ...tenant, id: 'tenant', apiBaseUrl: wecom.url });
      expect(proper.status).toBe(201);
      // The auth code is exchanged just after create_auth was answered.
      await eventually(async () => {
        const test = await api()
          .post('/api/wecom/integrations/tenant/test')
          .set(auth());
        expect(test.body.checks[0]).toMatchObject({ status: 'ok' });
      });
    });

    it('answers a connection test that reached no WeCom with one generic message, whatever answered', async () => {
      const message = async (apiBaseUrl: string) => {
        const saved = await update({
          ...globex,
          apiBaseUrl,
          secret: SECRET,
        });
        expect(saved.status).toBe(200);
        const res = await connectionTest();
        expect(res.status).toBe(200);
        return res.body.checks.find((c: { id: string }) => c.id === 'token');
      };
      // A closed port, and an HTTP server that is not WeCom.
      const refused = await message(`http://127.0.0.1:${closedPort}`);
      const notWeCom = await message(`${wecom.url}/not-wecom`);
      expect(refused.status).toBe('failed');
      expect(refused.message).toBe(notWeCom.message);
      expect(refused.hint).toBe(notWeCom.hint);
      expect(JSON.stringify(refused)).not.toMatch(
        /ECONNREFUSED|HTTP \d|JSON|\d+ ms|127\.0\.0\.1|\d{4,5}/,
      );
    });
  },
);

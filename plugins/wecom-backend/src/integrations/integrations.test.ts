import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  TEST_KEYS,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = () => ({ Authorization: mockCredentials.user.header() });

const newIntegration = {
  id: 'globex',
  name: 'Globex',
  mode: 'customApp',
  corpId: 'wwglobex000000001',
  agentId: 1000005,
  secret: 'globex-super-secret-value',
  callback: {
    token: 'GlobexToken1',
    encodingAESKey: 'QWERTYUIOPASDFGHJKLZXCVBNMqwertyuiopasdfghj',
  },
};

// Third-party suites as the Backstage admin configures them.
const SUITES = [
  {
    suiteId: 'wwsuiteprivate01',
    name: 'Incident Alerts (private cloud)',
    apiBaseUrl: 'https://wecom.provider.example',
    suiteSecret: 'suite-secret-never-shown-0001',
    token: 'SuiteTokenNeverShown1',
    encodingAESKey: 'SuiteKeyNeverShown0123456789abcdefghijklmno',
  },
  {
    suiteId: 'wwsuitepublic02',
    suiteSecret: 'suite-secret-never-shown-0002',
    token: 'SuiteTokenNeverShown2',
    encodingAESKey: 'SuiteKeyNeverShown0123456789abcdefghijklmnp',
  },
];

describe.each(databases.eachSupportedId())(
  'integrations API on %p',
  databaseId => {
    let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
    let knex: Awaited<ReturnType<typeof databases.init>>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ctx = await startWeComBackend({ knex, extraConfig: { suites: SUITES } });
    });
    afterAll(() => ctx.backend.stop());

    it('lists config integrations read-only, with secret states and the URLs to paste into WeCom, never secrets', async () => {
      const res = await request(ctx.server)
        .get('/api/wecom/integrations')
        .set(auth());
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          id: 'acme',
          source: 'config',
          mode: 'customApp',
          secret: 'set',
          callback: { token: 'set', encodingAESKey: 'set' },
          warRoom: { enabled: true },
          privateDeployment: false,
          urls: {
            callbackUrl: expect.stringMatching(
              /^http:\/\/localhost:\d+\/api\/wecom\/integrations\/acme\/callback$/,
            ),
            botCallbackUrl: expect.stringMatching(
              /\/api\/wecom\/integrations\/acme\/bot-callback$/,
            ),
            homepageUrl: expect.stringMatching(
              /^http:\/\/localhost:\d+\/api\/wecom\/integrations\/acme\/workspace$/,
            ),
            trustedDomain: expect.stringMatching(/^localhost:\d+$/),
          },
        }),
      ]);
      expect(JSON.stringify(res.body)).not.toContain(TEST_KEYS.secret);
      expect(JSON.stringify(res.body)).not.toContain(TEST_KEYS.callbackKey);
    });

    it('creates an integration with its secrets sealed at rest and write-only', async () => {
      const res = await request(ctx.server)
        .post('/api/wecom/integrations')
        .set(auth())
        .send(newIntegration);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: 'globex',
        source: 'database',
        secret: 'set',
        bot: { token: 'unset', encodingAESKey: 'unset' },
      });
      expect(JSON.stringify(res.body)).not.toContain(newIntegration.secret);

      const row = await knex('wecom_integrations')
        .where({ id: 'globex' })
        .first();
      expect(row.sealed_secrets).toMatch(/^v1:/);
      expect(row.sealed_secrets).not.toContain(newIntegration.secret);
      expect(row.sealed_secrets).not.toContain('GlobexToken1');
    });

    it('keeps a secret that an update leaves out, and refuses to clear one a custom app needs', async () => {
      const { secret, ...withoutSecret } = newIntegration;
      const res = await request(ctx.server)
        .put('/api/wecom/integrations/globex')
        .set(auth())
        .send({ ...withoutSecret, name: 'Globex Inc.' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Globex Inc.', secret: 'set' });

      const cleared = await request(ctx.server)
        .put('/api/wecom/integrations/globex')
        .set(auth())
        .send({ ...withoutSecret, name: 'Globex Inc.', secret: '' });
      expect(cleared.status).toBe(400);
      expect(cleared.body.error.message).toMatch(/secret is required/);
    });

    it('drops the app Secret and callback keys when an integration becomes a third-party app', async () => {
      const res = await request(ctx.server)
        .put('/api/wecom/integrations/globex')
        .set(auth())
        .send({
          name: 'Globex Inc.',
          mode: 'thirdPartyApp',
          corpId: newIntegration.corpId,
          suiteId: 'wwsuitepublic02',
        });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        mode: 'thirdPartyApp',
        secret: 'unset',
        callback: { token: 'unset', encodingAESKey: 'unset' },
        authorization: { status: 'pending' },
      });
      const row = await knex('wecom_integrations')
        .where({ id: 'globex' })
        .first();
      expect(row.sealed_secrets ?? '').not.toContain(newIntegration.secret);
    });

    it("creates a third-party app from the Corp ID and its suite alone, on the suite's endpoint", async () => {
      const res = await request(ctx.server)
        .post('/api/wecom/integrations')
        .set(auth())
        .send({
          id: 'tenant',
          name: 'Tenant',
          mode: 'thirdPartyApp',
          corpId: 'wwtenant00000001',
          suiteId: 'wwsuiteprivate01',
        });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        mode: 'thirdPartyApp',
        suiteId: 'wwsuiteprivate01',
        apiBaseUrl: 'https://wecom.provider.example',
        secret: 'unset',
        authorization: { status: 'pending' },
      });
      expect(res.body.agentId).toBeUndefined();
      await request(ctx.server)
        .delete('/api/wecom/integrations/tenant')
        .set(auth());
    });

    it('refuses what a third-party app never uses, and a suite that is not configured, saying why', async () => {
      const send = (body: object) =>
        request(ctx.server)
          .post('/api/wecom/integrations')
          .set(auth())
          .send({
            id: 'tenant2',
            name: 'Tenant',
            mode: 'thirdPartyApp',
            corpId: 'wwtenant00000002',
            ...body,
          });
      const extras = await send({
        suiteId: 'wwsuitepublic02',
        secret: 'an-app-secret',
        agentId: 1000002,
        callback: newIntegration.callback,
      });
      expect(extras.status).toBe(400);
      expect(extras.body.error.message).toMatch(/secret: .*suite's secret/);
      expect(extras.body.error.message).toMatch(/agentId: .*authorization/);
      expect(extras.body.error.message).toMatch(/callback: .*suite's Token/);

      const unknown = await send({ suiteId: 'wwnosuchsuite' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(
        /no suite "wwnosuchsuite" is configured under wecom.suites \(configured: wwsuiteprivate01, wwsuitepublic02\)/,
      );
      const unnamed = await send({});
      expect(unnamed.status).toBe(400);
      expect(unnamed.body.error.message).toMatch(
        /several suites are configured/,
      );
    });

    it('lists the configured suites for the setup form, never their secrets', async () => {
      const res = await request(ctx.server)
        .get('/api/wecom/suites')
        .set(auth());
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [
          {
            suiteId: 'wwsuiteprivate01',
            name: 'Incident Alerts (private cloud)',
          },
          { suiteId: 'wwsuitepublic02' },
        ],
      });
      const unauthenticated = await request(ctx.server)
        .get('/api/wecom/suites')
        .set({ Authorization: mockCredentials.none.header() });
      expect(unauthenticated.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toMatch(/NeverShown|never-shown/);
    });

    it('refuses bad input with every reason in one 400', async () => {
      const res = await request(ctx.server)
        .post('/api/wecom/integrations')
        .set(auth())
        .send({
          id: 'Bad Id!',
          name: '',
          mode: 'customApp',
          corpId: 'ww 1',
          callback: { encodingAESKey: 'short' },
        });
      expect(res.status).toBe(400);
      const message = res.body.error.message;
      expect(message).toMatch(/id: Id must start/);
      expect(message).toMatch(/name: Name is required/);
      expect(message).toMatch(/corpId: Corp ID must be letters and digits/);
      expect(message).toMatch(/EncodingAESKey must be exactly 43/);
    });

    it('requires the AgentId and Secret of a custom app', async () => {
      const res = await request(ctx.server)
        .post('/api/wecom/integrations')
        .set(auth())
        .send({ id: 'x1', name: 'X', mode: 'customApp', corpId: 'wwx' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/agentId is required/);
      expect(res.body.error.message).toMatch(/secret is required/);
    });

    it('refuses a second War Room integration and War Room in third-party mode', async () => {
      const second = await request(ctx.server)
        .post('/api/wecom/integrations')
        .set(auth())
        .send({ ...newIntegration, id: 'initech', warRoom: { enabled: true } });
      expect(second.status).toBe(409);
      expect(second.body.error.message).toMatch(
        /War Room is already enabled on integration "ACME corp"/,
      );

      const thirdParty = await request(ctx.server)
        .post('/api/wecom/integrations')
        .set(auth())
        .send({
          id: 'tp',
          name: 'TP',
          mode: 'thirdPartyApp',
          corpId: 'wwtp',
          suiteId: 'wwsuitepublic02',
          warRoom: { enabled: true },
        });
      expect(thirdParty.status).toBe(400);
      expect(thirdParty.body.error.message).toMatch(
        /War Room needs custom-app/,
      );
    });

    it('refuses to change or delete an integration from app-config', async () => {
      const res = await request(ctx.server)
        .delete('/api/wecom/integrations/acme')
        .set(auth());
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/app-config.yaml/);
    });

    it('refuses a duplicate id and 404s an unknown one', async () => {
      const dup = await request(ctx.server)
        .post('/api/wecom/integrations')
        .set(auth())
        .send({ ...newIntegration, id: 'acme' });
      expect(dup.status).toBe(409);
      const missing = await request(ctx.server)
        .get('/api/wecom/integrations/nope')
        .set(auth());
      expect(missing.status).toBe(404);
    });

    it('deletes a stored integration', async () => {
      const res = await request(ctx.server)
        .delete('/api/wecom/integrations/globex')
        .set(auth());
      expect(res.status).toBe(204);
      const after = await request(ctx.server)
        .get('/api/wecom/integrations/globex')
        .set(auth());
      expect(after.status).toBe(404);
    });
  },
);

describe('the suite list', () => {
  it('needs wecom.integration.read', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
    });
    const ctx = await startWeComBackend({
      features: [permissions.factory],
      extraConfig: { suites: SUITES },
    });
    try {
      const res = await request(ctx.server)
        .get('/api/wecom/suites')
        .set(auth());
      expect(res.status).toBe(403);
    } finally {
      await ctx.backend.stop();
    }
  });
});

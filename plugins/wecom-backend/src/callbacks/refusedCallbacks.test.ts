import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import {
  TEST_KEYS,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';
import { WeComSigner } from '../__testUtils__/wecomSigner';

// The callback URLs are public and unauthenticated: anyone can post to
// them with any integration id. A forged or unknown callback must cost no
// more than a real one (no database read, no body read, no log line per
// request) and must answer what it always answered.

jest.setTimeout(60_000);

const app = new WeComSigner(
  TEST_KEYS.callbackToken,
  TEST_KEYS.callbackKey,
  TEST_KEYS.corpId,
);
const textXml = (msgId: number) =>
  `<xml><ToUserName><![CDATA[${
    TEST_KEYS.corpId
  }]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>${Math.floor(
    Date.now() / 1000,
  )}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;

describe('refused callbacks', () => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
  let knex: Knex;
  const logger = mockServices.logger.mock();
  const metrics = metricsServiceMock.mock();
  /** Reads of the integrations table since the last reset. */
  let integrationReads = 0;

  beforeAll(async () => {
    logger.child.mockReturnValue(logger);
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    knex.on('query', (query: { sql: string }) => {
      if (/^select .*wecom_integrations/i.test(query.sql)) {
        integrationReads += 1;
      }
    });
    ctx = await startWeComBackend({
      knex,
      features: [logger.factory, metrics.factory],
    });
  });
  afterAll(async () => {
    await ctx.backend.stop();
    await knex.destroy();
  });

  /** Lines about refusals logged at any level since the test began. */
  const refusalLines = () =>
    [logger.error, logger.warn, logger.info, logger.debug]
      .flatMap(fn => fn.mock.calls.map(call => String(call[0])))
      .filter(line => /Refused/.test(line));
  const refusedCounter = () => {
    const index = metrics.createCounter.mock.calls.findIndex(
      ([name]) => name === 'wecom.callbacks.refused',
    );
    return metrics.createCounter.mock.results[index].value as {
      add: jest.Mock;
    };
  };

  it('answers a flood of unknown ids as before, with one log line, counted, and no database read per request', async () => {
    integrationReads = 0;
    const before = refusalLines().length;
    for (let i = 0; i < 200; i++) {
      const id = `nobody-${i}`;
      const { query, body } = app.xmlCallback(textXml(i));
      const res = await request(ctx.server)
        .post(`/api/wecom/integrations/${id}/callback`)
        .query(query)
        .set('Content-Type', 'text/xml')
        .send(body);
      expect({ status: res.status, text: res.text }).toEqual({
        status: 404,
        text: `No WeCom integration with id "${id}"`,
      });
    }
    expect(refusalLines().length - before).toBeLessThanOrEqual(1);
    expect(refusedCounter().add).toHaveBeenCalledWith(1, {
      kind: 'unknown integration',
      status: '404',
    });
    // The first load of the index and at most a reload a second.
    expect(integrationReads).toBeLessThanOrEqual(5);

    // The real integration is not hidden by the flood.
    const { query, body } = app.xmlCallback(textXml(900_001));
    const real = await request(ctx.server)
      .post('/api/wecom/integrations/acme/callback')
      .query(query)
      .set('Content-Type', 'text/xml')
      .send(body);
    expect(real.status).toBe(200);
  });

  it('refuses an unknown id before reading its body', async () => {
    // Over the 64 KiB body limit: read first, it would answer 413.
    const res = await request(ctx.server)
      .post('/api/wecom/integrations/nobody/callback')
      .query(app.xmlCallback(textXml(1)).query)
      .set('Content-Type', 'text/xml')
      .send('x'.repeat(256 * 1024));
    expect(res.status).toBe(404);
    expect(res.text).toBe('No WeCom integration with id "nobody"');
  });

  it('refuses an unknown suite before reading its body', async () => {
    const res = await request(ctx.server)
      .post('/api/wecom/suites/wwnosuchsuite/data-callback')
      .query(app.xmlCallback(textXml(1)).query)
      .set('Content-Type', 'text/xml')
      .send('x'.repeat(256 * 1024));
    expect(res.status).toBe(404);
    expect(res.text).toBe('No suite "wwnosuchsuite" in wecom.suites');
  });

  it('answers a bad signature and a garbage body as before, counted without a line each', async () => {
    const before = refusalLines().length;
    const { query, body } = app.xmlCallback(textXml(2));
    for (let i = 0; i < 50; i++) {
      const forged = await request(ctx.server)
        .post('/api/wecom/integrations/acme/callback')
        .query({ ...query, msg_signature: 'f'.repeat(40) })
        .set('Content-Type', 'text/xml')
        .send(body);
      expect(forged.status).toBe(401);
      expect(forged.text).toMatch(/-40001/);
      const garbage = await request(ctx.server)
        .post('/api/wecom/integrations/acme/callback')
        .query(query)
        .set('Content-Type', 'text/xml')
        .send('not xml at all');
      expect(garbage.status).toBe(400);
    }
    // Within the interval the flood above opened: no new line at all.
    expect(refusalLines().length).toBe(before);
    expect(refusedCounter().add).toHaveBeenCalledWith(1, {
      kind: 'bad signature',
      status: '401',
    });
    expect(refusedCounter().add).toHaveBeenCalledWith(1, {
      kind: 'malformed',
      status: '400',
    });
  });

  it('accepts an integration created through the API at once, and refuses it once deleted', async () => {
    const keys = {
      token: 'GlobexToken1',
      encodingAESKey: 'QWERTYUIOPASDFGHJKLZXCVBNMqwertyuiopasdfghj',
    };
    const globex = new WeComSigner(
      keys.token,
      keys.encodingAESKey,
      'wwglobex000000001',
    );
    const path = '/api/wecom/integrations/globex/callback';
    // Looked up (and missed) first, as an attacker or an early WeCom would.
    expect(
      (await request(ctx.server).get(path).query(globex.urlVerification('1')))
        .status,
    ).toBe(404);

    const created = await request(ctx.server)
      .post('/api/wecom/integrations')
      .set({ Authorization: mockCredentials.user.header() })
      .send({
        id: 'globex',
        name: 'Globex',
        mode: 'customApp',
        corpId: 'wwglobex000000001',
        agentId: 1000005,
        secret: 'globex-super-secret-value',
        callback: keys,
      });
    expect(created.status).toBe(201);
    const verified = await request(ctx.server)
      .get(path)
      .query(globex.urlVerification('echo-42'));
    expect({ status: verified.status, text: verified.text }).toEqual({
      status: 200,
      text: 'echo-42',
    });

    const deleted = await request(ctx.server)
      .delete('/api/wecom/integrations/globex')
      .set({ Authorization: mockCredentials.user.header() });
    expect(deleted.status).toBe(204);
    const refused = await request(ctx.server)
      .get(path)
      .query(globex.urlVerification('echo-43'));
    expect(refused.status).toBe(404);
  });

  it('refuses at once an integration another replica deleted', async () => {
    const keys = {
      token: 'InitechToken1',
      encodingAESKey: 'ZXCVBNMASDFGHJKLQWERTYUIOPzxcvbnmasdfghjklq',
    };
    const initech = new WeComSigner(
      keys.token,
      keys.encodingAESKey,
      'wwinitech00000001',
    );
    const path = '/api/wecom/integrations/initech/callback';
    const created = await request(ctx.server)
      .post('/api/wecom/integrations')
      .set({ Authorization: mockCredentials.user.header() })
      .send({
        id: 'initech',
        name: 'Initech',
        mode: 'customApp',
        corpId: 'wwinitech00000001',
        agentId: 1000006,
        secret: 'initech-super-secret-value',
        callback: keys,
      });
    expect(created.status).toBe(201);
    expect(
      (await request(ctx.server).get(path).query(initech.urlVerification('1')))
        .status,
    ).toBe(200);
    // Another replica deletes it: this one's index still lists it, but the
    // callback reads its integration exactly.
    await knex('wecom_integrations').where({ id: 'initech' }).delete();
    const refused = await request(ctx.server)
      .get(path)
      .query(initech.urlVerification('2'));
    expect({ status: refused.status, text: refused.text }).toEqual({
      status: 404,
      text: 'No WeCom integration with id "initech"',
    });
  });
});

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  DEMO_AGENT_ID,
  DEMO_APP_SECRET,
  DEMO_CORP_ID,
  RunningEmulator,
  startEmulator,
} from 'wecom-emulator';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  eventually,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';
import { groupEntity, userEntity } from './__testUtils__/catalogUsers';
import { DatabaseLinkStore } from './DatabaseLinkStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };

const entities = [
  userEntity('jdoe', {
    displayName: 'John Doe',
    email: 'jdoe@example.com',
    mobile: '13800000001',
  }),
  userEntity('zhangsan', {
    displayName: '张三',
    email: 'zhangsan@example.com',
  }),
  userEntity('asmith', {
    title: 'Alice Smith',
    email: 'alice.smith@example.com',
  }),
  userEntity('bwayne'),
  userEntity('lisi', { displayName: 'Li Si', wecomUserId: 'LiSi' }),
  userEntity('oncall', { namespace: 'ops', displayName: 'On-call Bot' }),
  groupEntity('payments-team'),
];

function demoIntegration(apiBaseUrl: string) {
  return {
    id: 'demo',
    name: 'Demo Corp',
    corpId: DEMO_CORP_ID,
    agentId: DEMO_AGENT_ID,
    secret: DEMO_APP_SECRET,
    apiBaseUrl,
  };
}

describe.each(databases.eachSupportedId())('Linked Users API on %p', id => {
  let emulator: RunningEmulator;
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
  let links: DatabaseLinkStore;

  beforeAll(async () => {
    emulator = await startEmulator();
    const knex = await databases.init(id);
    ctx = await startWeComBackend({
      knex,
      entities,
      integrations: [demoIntegration(emulator.url)],
    });
    links = new DatabaseLinkStore(knex);
  });
  afterAll(async () => {
    await ctx?.backend.stop();
    await emulator?.close();
  });

  const list = (query: Record<string, string | number | undefined> = {}) =>
    request(ctx.server).get('/api/wecom/linked-users').query(query).set(auth);
  const link = (body: object) =>
    request(ctx.server)
      .post('/api/wecom/linked-users/links')
      .set(auth)
      .send({ integrationId: 'demo', ...body });
  const unlink = (entityRef: string) =>
    request(ctx.server)
      .delete('/api/wecom/linked-users/links')
      .query({ integration: 'demo', entityRef })
      .set(auth);

  it('lists every catalog user, sorted by display name, with the only integration implied', async () => {
    const res = await list();

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      integrationId: 'demo',
      totalCount: 6,
      offset: 0,
      limit: 50,
      counts: { all: 6, linked: 0, unlinked: 6 },
    });
    expect(
      res.body.items.map((u: any) => [u.displayName, u.entityRef]),
    ).toEqual([
      ['Alice Smith', 'user:default/asmith'],
      ['bwayne', 'user:default/bwayne'],
      ['John Doe', 'user:default/jdoe'],
      ['Li Si', 'user:default/lisi'],
      ['On-call Bot', 'user:ops/oncall'],
      ['张三', 'user:default/zhangsan'],
    ]);
    expect(res.body.items[0]).toEqual({
      entityRef: 'user:default/asmith',
      displayName: 'Alice Smith',
      email: 'alice.smith@example.com',
      wecomUserId: null,
    });
  });

  it('pages, and matches display name, entity name or email case-insensitively', async () => {
    const page = await list({ offset: 2, limit: 2 });
    expect(page.body.items.map((u: any) => u.displayName)).toEqual([
      'John Doe',
      'Li Si',
    ]);
    expect(page.body).toMatchObject({ totalCount: 6, offset: 2, limit: 2 });

    const names = async (q: string) =>
      (await list({ q })).body.items.map((u: any) => u.entityRef);
    expect(await names('ALICE')).toEqual(['user:default/asmith']);
    expect(await names('bway')).toEqual(['user:default/bwayne']);
    expect(await names('EXAMPLE.com')).toEqual([
      'user:default/asmith',
      'user:default/jdoe',
      'user:default/zhangsan',
    ]);
    expect(await names('张')).toEqual(['user:default/zhangsan']);
  });

  it('refuses a bad query with the reason', async () => {
    for (const query of [{ limit: 0 }, { limit: 501 }, { filter: 'some' }]) {
      const res = await list(query);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^Invalid query: (limit|filter)/);
    }
    const unknown = await list({ integration: 'nope' });
    expect(unknown.status).toBe(404);
  });

  it('links a user by hand after WeCom confirmed the member, as the admin who did it', async () => {
    const res = await link({
      entityRef: 'user:default/jdoe',
      wecomUserId: 'JohnDoe',
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entityRef: 'user:default/jdoe',
      displayName: 'John Doe',
      email: 'jdoe@example.com',
      wecomUserId: 'JohnDoe',
      source: 'manual',
      linkedBy: 'user:default/mock',
      linkedAt: expect.any(String),
    });
    const linked = await list({ filter: 'linked' });
    expect(linked.body.items).toEqual([res.body]);
    expect(linked.body.counts).toEqual({ all: 6, linked: 1, unlinked: 5 });
    const unlinked = await list({ filter: 'unlinked', q: 'john' });
    expect(unlinked.body.totalCount).toBe(0);
  });

  it('refuses a member WeCom does not know, a user the catalog does not know, and a non-user ref', async () => {
    const noMember = await link({
      entityRef: 'user:default/asmith',
      wecomUserId: 'NoSuchPerson',
    });
    expect(noMember.status).toBe(400);
    expect(noMember.body.error.message).toMatch(
      /WeCom has no member with userid "NoSuchPerson" \(errcode 60111\)/,
    );

    const noUser = await link({
      entityRef: 'user:default/ghost',
      wecomUserId: 'LiSi',
    });
    expect(noUser.status).toBe(404);
    expect(noUser.body.error.message).toMatch(/user:default\/ghost/);

    const group = await link({
      entityRef: 'group:default/payments-team',
      wecomUserId: 'LiSi',
    });
    expect(group.status).toBe(400);
    expect(group.body.error.message).toMatch(/only User entities/);

    const missing = await link({ entityRef: 'user:default/asmith' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/wecomUserId/);
  });

  it('links anyway when the app may not read contacts: the admin knows the id', async () => {
    emulator.injectFault({ api: 'user/get', errcode: 48002 });
    const res = await link({
      entityRef: 'user:default/asmith',
      wecomUserId: 'AliceSmith',
    });
    expect(res.status).toBe(200);
    expect(res.body.wecomUserId).toBe('AliceSmith');
    expect(emulator.callCounts()['user/get'].byErrcode['48002']).toBe(1);
  });

  it('refuses a member already linked to another user and says who holds it', async () => {
    const res = await link({
      entityRef: 'user:default/bwayne',
      wecomUserId: 'JohnDoe',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /JohnDoe is already linked to user:default\/jdoe/,
    );
    expect((await list({ q: 'bwayne' })).body.items[0].wecomUserId).toBeNull();
  });

  it('unlinks a user, then answers 404 because there is nothing left to unlink', async () => {
    const res = await unlink('user:default/asmith');
    expect(res.status).toBe(204);
    expect((await list({ q: 'alice' })).body.items[0].wecomUserId).toBeNull();

    const again = await unlink('user:default/asmith');
    expect(again.status).toBe(404);
  });

  it('does not list links of users that left the catalog', async () => {
    await links.link({
      integrationId: 'demo',
      entityRef: 'user:default/left-the-company',
      wecomUserId: 'WangWu',
      source: 'manual',
    });
    const res = await list();
    expect(res.body.counts).toEqual({ all: 6, linked: 1, unlinked: 5 });
    expect(JSON.stringify(res.body)).not.toContain('left-the-company');
  });

  it('answers input PostgreSQL cannot store (a NUL byte) with 4xx, never 500', async () => {
    const answers = await Promise.all([
      request(ctx.server)
        .get('/api/wecom/linked-users/one-click-link/runs/run%00id')
        .set(auth),
      unlink('user:default/a\u0000b'),
      link({ entityRef: 'user:default/a\u0000b', wecomUserId: 'WangWu' }),
      link({ entityRef: 'user:default/jdoe', wecomUserId: 'Wang\u0000Wu' }),
    ]);
    for (const res of answers) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('asks which integration when there are several, and forgets the links of a deleted one', async () => {
    const created = await request(ctx.server)
      .post('/api/wecom/integrations')
      .set(auth)
      .send({
        id: 'globex',
        name: 'Globex',
        mode: 'customApp',
        corpId: 'wwglobex000000001',
        agentId: 1000005,
        secret: 'globex-secret',
      });
    expect(created.status).toBe(201);
    await links.link({
      integrationId: 'globex',
      entityRef: 'user:default/jdoe',
      wecomUserId: 'jdoe',
      source: 'manual',
    });

    const ambiguous = await list();
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error.message).toMatch(/demo, globex/);
    expect((await list({ integration: 'globex' })).body.counts.linked).toBe(1);

    await request(ctx.server)
      .delete('/api/wecom/integrations/globex')
      .set(auth)
      .expect(204);
    await eventually(async () =>
      expect(await links.list('globex')).toEqual([]),
    );
    expect(await links.list('demo')).not.toEqual([]);
  });
});

describe('Linked Users permissions', () => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;

  beforeAll(async () => {
    // Read is allowed, manage is denied: a viewer, not an admin.
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            'permission' in r &&
            r.permission.name === 'wecom.linkedUsers.manage'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    ctx = await startWeComBackend({
      entities,
      features: [permissions.factory],
    });
  });
  afterAll(() => ctx?.backend.stop());

  it('lets a viewer read but not link, unlink or run One-Click Link (403)', async () => {
    const read = await request(ctx.server)
      .get('/api/wecom/linked-users')
      .set(auth);
    expect(read.status).toBe(200);

    const denied = [
      request(ctx.server).post('/api/wecom/linked-users/links').set(auth).send({
        integrationId: 'acme',
        entityRef: 'user:default/jdoe',
        wecomUserId: 'JohnDoe',
      }),
      request(ctx.server)
        .delete('/api/wecom/linked-users/links')
        .query({ integration: 'acme', entityRef: 'user:default/jdoe' })
        .set(auth),
      request(ctx.server)
        .post('/api/wecom/linked-users/one-click-link')
        .set(auth)
        .send({ integrationId: 'acme' }),
    ];
    for (const res of await Promise.all(denied)) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/wecom\.linkedUsers\.manage/);
    }
  });
});

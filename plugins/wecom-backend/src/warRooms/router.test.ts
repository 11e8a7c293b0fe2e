import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  TEST_KEYS,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';

jest.setTimeout(60_000);

const auth = { Authorization: mockCredentials.user.header() };

// No WeCom is called here: every answer comes before the service reaches it.
const ACME_WITHOUT_WAR_ROOM = {
  id: 'acme',
  name: 'ACME corp',
  corpId: TEST_KEYS.corpId,
  agentId: 1000002,
  secret: TEST_KEYS.secret,
};

describe('War Rooms API', () => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
  let incidentId: string;

  beforeAll(async () => {
    ctx = await startWeComBackend({ integrations: [ACME_WITHOUT_WAR_ROOM] });
    incidentId = (
      await request(ctx.server)
        .post('/api/wecom/incidents')
        .set(auth)
        .send({ title: 'Disk full', severity: 'warning' })
    ).body.id;
  });
  afterAll(() => ctx?.backend.stop());

  const post = (path: string, body: object) =>
    request(ctx.server).post(`/api/wecom${path}`).set(auth).send(body);

  it('refuses members that are not user or group refs, and names over 50 characters (400)', async () => {
    const notPeople = await post(`/incidents/${incidentId}/war-room`, {
      members: ['component:default/payments-api'],
    });
    expect(notPeople.status).toBe(400);
    expect(notPeople.body.error.message).toContain(
      'members.0: must be a user or group entity ref',
    );

    const notRefs = await post(`/incidents/${incidentId}/war-room`, {
      members: ['user:'],
    });
    expect(notRefs.status).toBe(400);
    expect(notRefs.body.error.message).toContain('is not an entity ref');

    const longName = await post(`/incidents/${incidentId}/war-room`, {
      name: 'x'.repeat(51),
    });
    expect(longName.status).toBe(400);
    expect(longName.body.error.message).toContain('name');

    const noMembers = await post(`/incidents/${incidentId}/war-room/members`, {
      members: [],
    });
    expect(noMembers.status).toBe(400);

    const badStatus = await request(ctx.server)
      .get('/api/wecom/war-rooms')
      .query({ status: 'open' })
      .set(auth);
    expect(badStatus.status).toBe(400);
  });

  it('answers 409 with what to turn on when no integration has War Room enabled', async () => {
    const res = await post(`/incidents/${incidentId}/war-room`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      "No integration has War Room enabled: turn on 'Enable War Room' on your custom-app integration (Settings → WeCom)",
    );
  });

  it('says War Rooms cannot be made, and why, before anyone presses Create', async () => {
    const res = await request(ctx.server)
      .get('/api/wecom/war-rooms/availability')
      .set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      available: false,
      reason:
        "No integration has War Room enabled: turn on 'Enable War Room' on your custom-app integration (Settings → WeCom)",
    });
  });

  it('answers 404 for an unknown incident and for an incident without War Room', async () => {
    const unknown = await request(ctx.server)
      .get('/api/wecom/incidents/nope/war-room')
      .set(auth);
    expect(unknown.status).toBe(404);

    const none = await request(ctx.server)
      .get(`/api/wecom/incidents/${incidentId}/war-room`)
      .set(auth);
    expect(none.status).toBe(404);
    expect(none.body.error.message).toBe(
      `Incident ${incidentId} has no War Room`,
    );
    const dismiss = await request(ctx.server)
      .delete(`/api/wecom/incidents/${incidentId}/war-room`)
      .set(auth);
    expect(dismiss.status).toBe(404);
    const invite = await post(`/incidents/${incidentId}/war-room/members`, {
      members: ['user:default/jdoe'],
    });
    expect(invite.status).toBe(404);

    const list = await request(ctx.server)
      .get('/api/wecom/war-rooms')
      .query({ status: 'active,dismissed', limit: 10 })
      .set(auth);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [] });
  });
});

describe('War Rooms permissions', () => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
  let incidentId: string;

  beforeAll(async () => {
    // Reading incidents is allowed, managing War Rooms is not.
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            'permission' in r && r.permission.name === 'wecom.warRoom.manage'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    ctx = await startWeComBackend({ features: [permissions.factory] });
    incidentId = (
      await request(ctx.server)
        .post('/api/wecom/incidents')
        .set(auth)
        .send({ title: 'Disk full', severity: 'warning' })
    ).body.id;
  });
  afterAll(() => ctx?.backend.stop());

  it('refuses to create, invite to or dismiss a War Room without wecom.warRoom.manage (403)', async () => {
    const base = `/api/wecom/incidents/${incidentId}/war-room`;
    const answers = [
      await request(ctx.server).post(base).set(auth).send({}),
      await request(ctx.server)
        .post(`${base}/members`)
        .set(auth)
        .send({ members: ['user:default/jdoe'] }),
      await request(ctx.server).delete(base).set(auth),
    ];
    for (const res of answers) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Missing permission wecom.warRoom.manage',
      );
    }
    // Reading is allowed (there is none yet).
    const read = await request(ctx.server).get(base).set(auth);
    expect(read.status).toBe(404);
  });
});

describe('War Rooms without incident read', () => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
  let incidentId: string;

  beforeAll(async () => {
    // May manage War Rooms, may not read incidents.
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            'permission' in r && r.permission.name === 'wecom.incident.read'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    ctx = await startWeComBackend({
      features: [permissions.factory],
      integrations: [{ ...ACME_WITHOUT_WAR_ROOM, warRoom: { enabled: true } }],
    });
    incidentId = (
      await request(ctx.server)
        .post('/api/wecom/incidents')
        .set(auth)
        .send({ title: 'Payroll export leaks salaries', severity: 'high' })
    ).body.id;
  });
  afterAll(() => ctx?.backend.stop());

  it('says War Rooms can be made when a custom app has them enabled, but not to those who may not read incidents', async () => {
    const refused = await request(ctx.server)
      .get('/api/wecom/war-rooms/availability')
      .set(auth);
    expect(refused.status).toBe(403);
  });

  it('refuses to open, invite to or dismiss a War Room (403): its requester would read the incident in the group', async () => {
    // The War Room's name and first post carry the incident's title and
    // description, and the requester is put in that group chat.
    const base = `/api/wecom/incidents/${incidentId}/war-room`;
    const answers = [
      await request(ctx.server).post(base).set(auth).send({}),
      await request(ctx.server)
        .post(`${base}/members`)
        .set(auth)
        .send({ members: ['user:default/jdoe'] }),
      await request(ctx.server).delete(base).set(auth),
      // Nor does an unknown id answer differently from a known one.
      await request(ctx.server)
        .post('/api/wecom/incidents/nope/war-room')
        .set(auth)
        .send({}),
    ];
    for (const res of answers) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Missing permission wecom.incident.read',
      );
    }
  });
});

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { startWeComBackend } from '../__testUtils__/startWeComBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };
const ME = 'user:default/mock';

describe.each(databases.eachSupportedId())('Incidents API on %p', id => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;

  beforeAll(async () => {
    ctx = await startWeComBackend({ knex: await databases.init(id) });
  });
  afterAll(() => ctx?.backend.stop());

  const create = (body: object) =>
    request(ctx.server).post('/api/wecom/incidents').set(auth).send(body);
  const get = (path: string, query: object = {}) =>
    request(ctx.server).get(`/api/wecom${path}`).query(query).set(auth);
  const transition = (incidentId: string, body: object) =>
    request(ctx.server)
      .post(`/api/wecom/incidents/${incidentId}/transitions`)
      .set(auth)
      .send(body);
  const patch = (incidentId: string, body: object) =>
    request(ctx.server)
      .patch(`/api/wecom/incidents/${incidentId}`)
      .set(auth)
      .send(body);

  it('opens an incident: 201 with its id, as the signed-in user', async () => {
    const res = await create({
      title: 'Payments API 5xx above 5%',
      severity: 'critical',
      description: 'Since 10:02, checkout fails for a third of users',
      entityRef: 'Component:payments-api',
      responders: ['user:jdoe', 'group:default/payments-team'],
      fields: { region: 'sh-1' },
    });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: 'Payments API 5xx above 5%',
      severity: 'critical',
      status: 'triggered',
      description: 'Since 10:02, checkout fails for a third of users',
      entityRef: 'component:default/payments-api',
      responders: ['user:default/jdoe', 'group:default/payments-team'],
      source: 'api',
      fields: { region: 'sh-1' },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const fetched = await get(`/incidents/${res.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(res.body);

    const timeline = await get(`/incidents/${res.body.id}/timeline`);
    expect(timeline.status).toBe(200);
    expect(ownEntries(timeline.body.items)).toEqual([
      expect.objectContaining({
        kind: 'created',
        actor: ME,
        incidentId: res.body.id,
        at: res.body.createdAt,
      }),
    ]);
  });

  it('moves an incident through its statuses and refuses what does not apply with 409 and the reason', async () => {
    const { body: incident } = await create({
      title: 'Queue backlog',
      severity: 'high',
    });

    const started = await transition(incident.id, {
      action: 'startProcessing',
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      id: incident.id,
      status: 'processing',
      acknowledgedBy: ME,
      acknowledgedAt: expect.any(String),
    });

    const again = await transition(incident.id, { action: 'startProcessing' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `The incident is already being processed by ${ME}`,
    );

    const snoozed = await transition(incident.id, {
      action: 'snooze',
      snoozeMinutes: 240,
    });
    expect(snoozed.status).toBe(200);
    expect(snoozed.body.status).toBe('snoozed');
    expect(Date.parse(snoozed.body.snoozedUntil) - Date.now()).toBeGreaterThan(
      239 * 60_000,
    );

    const closed = await transition(incident.id, { action: 'close' });
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: ME });
    const closeAgain = await transition(incident.id, { action: 'close' });
    expect(closeAgain.status).toBe(409);
    expect(closeAgain.body.error.message).toBe(
      `The incident is already closed by ${ME}`,
    );

    const reopened = await transition(incident.id, { action: 'reopen' });
    expect(reopened.body.status).toBe('triggered');

    const timeline = await get(`/incidents/${incident.id}/timeline`);
    expect(
      ownEntries(timeline.body.items).map((e: any) => [
        e.kind,
        e.actor,
        e.data?.to ?? null,
      ]),
    ).toEqual([
      ['created', ME, null],
      ['transition', ME, 'processing'],
      ['transition', ME, 'snoozed'],
      ['transition', ME, 'closed'],
      ['transition', ME, 'triggered'],
    ]);
  });

  it('changes the responders to full lower-case refs, once, as the signed-in user', async () => {
    const { body: incident } = await create({
      title: 'Checkout slow',
      severity: 'high',
      entityRef: 'component:default/payments-api',
    });

    const res = await patch(incident.id, {
      responders: ['Group:SRE', 'LiSi', 'user:default/lisi'],
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...incident,
      responders: ['group:default/sre', 'user:default/lisi'],
      updatedAt: expect.any(String),
    });
    expect((await get(`/incidents/${incident.id}`)).body.responders).toEqual([
      'group:default/sre',
      'user:default/lisi',
    ]);
    const again = await patch(incident.id, {
      responders: ['user:default/lisi', 'group:default/sre'],
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);

    const timeline = await get(`/incidents/${incident.id}/timeline`);
    expect(
      ownEntries(timeline.body.items).filter(e => e.kind === 'responders'),
    ).toEqual([
      expect.objectContaining({
        actor: ME,
        message:
          'Responders changed to group:default/sre, user:default/lisi (were: owner of component:default/payments-api)',
      }),
    ]);
  });

  it('refuses a responders change naming what is wrong with 400, changing nothing', async () => {
    const { body: incident } = await create({
      title: 'Checkout slow',
      severity: 'high',
      responders: ['user:default/jdoe'],
    });

    const component = await patch(incident.id, {
      responders: ['user:default/lisi', 'component:default/payments-api'],
    });
    expect(component.status).toBe(400);
    expect(component.body.error.message).toBe(
      'Invalid incident change: responders.1: must be a user or group entity ref, got "component:default/payments-api"',
    );

    const notARef = await patch(incident.id, {
      responders: ['zhang san'],
    });
    expect(notARef.status).toBe(400);
    expect(notARef.body.error.message).toBe(
      'Invalid incident change: responders.0: "zhang san" is not an entity ref like user:default/lisi or group:default/sre',
    );

    const tooMany = await patch(incident.id, {
      responders: Array.from({ length: 51 }, (_, i) => `user:default/u${i}`),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(
      /^Invalid incident change: responders: /,
    );

    const status = await patch(incident.id, {
      status: 'closed',
      responders: [],
    });
    expect(status.status).toBe(400);
    expect(status.body.error.message).toBe(
      'Invalid incident change: cannot change "status": only responders can be changed (status changes go to /transitions)',
    );

    expect((await get(`/incidents/${incident.id}`)).body).toEqual(incident);
  });

  it('answers 404 for an unknown incident on every route', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const res of [
      await get(`/incidents/${missing}`),
      await get(`/incidents/${missing}/timeline`),
      await transition(missing, { action: 'close' }),
      await patch(missing, { responders: ['user:default/lisi'] }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(`No incident with id "${missing}"`);
    }
  });

  it('refuses bad input with 400 listing the reasons', async () => {
    const noTitle = await create({ severity: 'urgent', entityRef: 'nope' });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.error.message).toMatch(/^Invalid incident: /);
    expect(noTitle.body.error.message).toMatch(/title: /);
    expect(noTitle.body.error.message).toMatch(/severity: /);
    expect(noTitle.body.error.message).toMatch(
      /entityRef: "nope" is not an entity ref/,
    );

    const badResponder = await create({
      title: 'x',
      severity: 'info',
      responders: ['component:default/payments-api'],
    });
    expect(badResponder.status).toBe(400);
    expect(badResponder.body.error.message).toMatch(
      /responders.0: must be a user or group entity ref/,
    );

    const { body: incident } = await create({ title: 'x', severity: 'info' });
    const noMinutes = await transition(incident.id, { action: 'snooze' });
    expect(noMinutes.status).toBe(400);
    expect(noMinutes.body.error.message).toBe(
      'Invalid transition: snoozeMinutes: required to snooze (minutes, 1 to 10080)',
    );
    const tooLong = await transition(incident.id, {
      action: 'snooze',
      snoozeMinutes: 20_000,
    });
    expect(tooLong.status).toBe(400);
    const unknown = await transition(incident.id, { action: 'ack' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^Invalid transition: action:/);

    const badQuery = await get('/incidents', { status: 'open', limit: 500 });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toMatch(/status/);
    expect(badQuery.body.error.message).toMatch(/limit/);
  });

  it('lists newest first with status and severity filters (comma-separated), search and paging', async () => {
    const titles = ['Alpha down', 'Beta slow', 'Gamma down', 'Delta errors'];
    const made: any[] = [];
    for (const [i, title] of titles.entries()) {
      made.push(
        (
          await create({
            title: `list-test ${title}`,
            severity: i % 2 ? 'warning' : 'critical',
            entityRef: 'component:default/list-test',
          })
        ).body,
      );
    }
    await transition(made[0].id, { action: 'startProcessing' });
    await transition(made[1].id, { action: 'close' });

    const mine = { entityRef: 'component:default/list-test' };
    const all = await get('/incidents', mine);
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: any) => i.title)).toEqual([
      'list-test Delta errors',
      'list-test Gamma down',
      'list-test Beta slow',
      'list-test Alpha down',
    ]);
    expect(all.body).toMatchObject({ totalCount: 4, offset: 0, limit: 50 });

    const open = await get('/incidents', {
      ...mine,
      status: 'triggered,processing',
    });
    expect(open.body.items.map((i: any) => i.id)).toEqual([
      made[3].id,
      made[2].id,
      made[0].id,
    ]);
    const openCritical = await get('/incidents', {
      ...mine,
      status: 'triggered,processing',
      severity: 'critical',
    });
    expect(openCritical.body.items.map((i: any) => i.id)).toEqual([
      made[2].id,
      made[0].id,
    ]);

    const down = await get('/incidents', { ...mine, q: 'DOWN' });
    expect(down.body.totalCount).toBe(2);

    const page = await get('/incidents', { ...mine, offset: 1, limit: 2 });
    expect(page.body).toMatchObject({ totalCount: 4, offset: 1, limit: 2 });
    expect(page.body.items.map((i: any) => i.id)).toEqual([
      made[2].id,
      made[1].id,
    ]);
  });

  it('lists the incidents the signed-in user responds to with responder=me', async () => {
    const mineByName = (
      await create({
        title: 'responder-test mine',
        severity: 'high',
        responders: [ME],
      })
    ).body;
    await create({
      title: 'responder-test theirs',
      severity: 'high',
      responders: ['user:default/lisi'],
    });

    const mine = await get('/incidents', {
      responder: 'me',
      q: 'responder-test',
    });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: any) => i.id)).toEqual([mineByName.id]);
    const lisis = await get('/incidents', {
      responder: 'LiSi',
      q: 'responder-test',
    });
    expect(lisis.body.items.map((i: any) => i.title)).toEqual([
      'responder-test theirs',
    ]);

    const group = await get('/incidents', { responder: 'group:default/sre' });
    expect(group.status).toBe(400);
    expect(group.body.error.message).toMatch(/^Invalid query: responder/);
    const asService = await request(ctx.server)
      .get('/api/wecom/incidents')
      .query({ responder: 'me' })
      .set({ Authorization: mockCredentials.service.header() });
    expect(asService.status).toBe(400);
    expect(asService.body.error.message).toMatch(
      /responder=me needs a signed-in user/,
    );
  });

  it('needs a Backstage token', async () => {
    const res = await request(ctx.server)
      .get('/api/wecom/incidents')
      .set({ Authorization: mockCredentials.none.header() });
    expect(res.status).toBe(401);
  });
});

describe('Incidents permissions', () => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
  let created: any;
  const success = jest.fn();
  const auditor = mockServices.auditor.mock({
    createEvent: async () => ({ success, fail: jest.fn() }),
  });

  beforeAll(async () => {
    // Create and read are allowed, update is denied: a reporter.
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            'permission' in r && r.permission.name === 'wecom.incident.update'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    ctx = await startWeComBackend({
      features: [permissions.factory, auditor.factory],
    });
    created = (
      await request(ctx.server)
        .post('/api/wecom/incidents')
        .set(auth)
        .send({ title: 'Disk full', severity: 'warning' })
    ).body;
  });
  afterAll(() => ctx?.backend.stop());

  it('lets a reporter open and read an incident but not change its status (403)', async () => {
    expect(created.id).toBeDefined();
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'incident-change',
        meta: { action: 'create', title: 'Disk full', severity: 'warning' },
      }),
    );
    expect(success).toHaveBeenCalledWith({
      meta: { incidentId: created.id },
    });
    const read = await request(ctx.server)
      .get(`/api/wecom/incidents/${created.id}`)
      .set(auth);
    expect(read.status).toBe(200);

    const denied = await request(ctx.server)
      .post(`/api/wecom/incidents/${created.id}/transitions`)
      .set(auth)
      .send({ action: 'close' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'Missing permission wecom.incident.update',
    );
    const still = await request(ctx.server)
      .get(`/api/wecom/incidents/${created.id}`)
      .set(auth);
    expect(still.body.status).toBe('triggered');
  });

  it('does not let a reporter change the responders (403)', async () => {
    const denied = await request(ctx.server)
      .patch(`/api/wecom/incidents/${created.id}`)
      .set(auth)
      .send({ responders: ['user:default/lisi'] });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'Missing permission wecom.incident.update',
    );
    const still = await request(ctx.server)
      .get(`/api/wecom/incidents/${created.id}`)
      .set(auth);
    expect(still.body.responders).toEqual([]);
  });
});

describe('Incident changes are audited', () => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
  const auditor = mockServices.auditor.mock();

  beforeAll(async () => {
    ctx = await startWeComBackend({ features: [auditor.factory] });
  });
  afterAll(() => ctx?.backend.stop());

  it('records who changed the responders to what', async () => {
    const { body: incident } = await request(ctx.server)
      .post('/api/wecom/incidents')
      .set(auth)
      .send({ title: 'Disk full', severity: 'warning' });

    const res = await request(ctx.server)
      .patch(`/api/wecom/incidents/${incident.id}`)
      .set(auth)
      .send({ responders: ['group:default/sre'] });

    expect(res.status).toBe(200);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'incident-change',
        meta: {
          action: 'update',
          incidentId: incident.id,
          responders: ['group:default/sre'],
        },
      }),
    );
  });
});

/** The incident's own entries, without those the notifications add. */
function ownEntries(entries: any[]) {
  return entries.filter(entry => entry.kind !== 'notification');
}

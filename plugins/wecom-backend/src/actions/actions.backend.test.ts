import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { startWeComBackend } from '../__testUtils__/startWeComBackend';

jest.setTimeout(60_000);

const auth = { Authorization: mockCredentials.user.header() };
const ME = 'user:default/mock';
const ACTIONS = '/api/wecom/.backstage/actions/v1/actions';

describe('WeCom actions in a running backend', () => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;

  beforeAll(async () => {
    ctx = await startWeComBackend({});
  });
  afterAll(() => ctx?.backend.stop());

  const invoke = (name: string, input: object) =>
    request(ctx.server)
      .post(`${ACTIONS}/wecom:${name}/invoke`)
      .set(auth)
      .send(input);

  it('are registered in the actions registry', async () => {
    const res = await request(ctx.server).get(ACTIONS).set(auth);

    expect(res.status).toBe(200);
    expect(res.body.actions.map((a: { id: string }) => a.id).sort()).toEqual([
      'wecom:create-war-room',
      'wecom:dismiss-war-room',
      'wecom:get-incident',
      'wecom:transition-incident',
    ]);
  });

  it('change an incident like the route does, as the calling user', async () => {
    const created = await request(ctx.server)
      .post('/api/wecom/incidents')
      .set(auth)
      .send({ title: 'Payments API 5xx above 5%', severity: 'critical' });
    expect(created.status).toBe(201);
    const incidentId = created.body.id;

    const started = await invoke('transition-incident', {
      incidentId,
      action: 'startProcessing',
    });
    expect(started.status).toBe(200);
    expect(started.body.output.incident).toMatchObject({
      id: incidentId,
      status: 'processing',
      acknowledgedBy: ME,
    });

    const again = await invoke('transition-incident', {
      incidentId,
      action: 'startProcessing',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(
      'The incident is already being processed',
    );

    const read = await invoke('get-incident', { incidentId, timelineLimit: 1 });
    expect(read.status).toBe(200);
    expect(read.body.output.incident.status).toBe('processing');
    expect(read.body.output.timeline).toEqual([
      expect.objectContaining({ kind: 'transition', actor: ME }),
    ]);
  });
});

describe('WeCom actions without permission', () => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;

  beforeAll(async () => {
    ctx = await startWeComBackend({
      features: [
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
  });
  afterAll(() => ctx?.backend.stop());

  it('are refused with the missing permission', async () => {
    const res = await request(ctx.server)
      .post(`${ACTIONS}/wecom:get-incident/invoke`)
      .set(auth)
      .send({ incidentId: 'any' });

    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Missing permission wecom.incident.read',
    );
  });
});

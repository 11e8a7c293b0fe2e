import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  WeComIncidentProvider,
  wecomIncidentsExtensionPoint,
} from 'backstage-plugin-wecom-node';
import { InMemoryIncidentProvider } from 'backstage-plugin-wecom-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { startWeComBackend } from '../__testUtils__/startWeComBackend';
import { IncidentProviderSlot } from './IncidentProviderSlot';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };

function providerModule(moduleId: string, provider: WeComIncidentProvider) {
  return createBackendModule({
    pluginId: 'wecom',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { incidents: wecomIncidentsExtensionPoint },
        async init({ incidents }) {
          incidents.setIncidentProvider(provider);
        },
      });
    },
  });
}

describe('an incident provider from a module', () => {
  const provider = new InMemoryIncidentProvider({ idPrefix: 'mem-' });
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    ctx = await startWeComBackend({
      knex,
      features: [providerModule('my-incidents', provider)],
    });
  });
  afterAll(() => ctx?.backend.stop());

  it('serves the routes instead of the database provider', async () => {
    const created = await request(ctx.server)
      .post('/api/wecom/incidents')
      .set(auth)
      .send({ title: 'From the platform', severity: 'high' });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^mem-/);
    expect(provider.incidents.get(created.body.id)?.title).toBe(
      'From the platform',
    );

    const started = await request(ctx.server)
      .post(`/api/wecom/incidents/${created.body.id}/transitions`)
      .set(auth)
      .send({ action: 'startProcessing' });
    expect(started.status).toBe(200);
    expect(provider.incidents.get(created.body.id)?.status).toBe('processing');

    const again = await request(ctx.server)
      .post(`/api/wecom/incidents/${created.body.id}/transitions`)
      .set(auth)
      .send({ action: 'startProcessing' });
    expect(again.status).toBe(409);

    const list = await request(ctx.server)
      .get('/api/wecom/incidents')
      .set(auth);
    expect(list.body.items.map((i: any) => i.id)).toEqual([created.body.id]);

    const timeline = await request(ctx.server)
      .get(`/api/wecom/incidents/${created.body.id}/timeline`)
      .set(auth);
    expect(
      timeline.body.items
        // Notifications add their own entries; this is about the provider's.
        .filter((e: any) => e.kind !== 'notification')
        .map((e: any) => e.message),
    ).toEqual(['Opened from api: From the platform', 'Started processing']);

    // Nothing went to the plugin's own tables.
    expect(Number((await knex('wecom_incidents').count({ n: '*' }))[0].n)).toBe(
      0,
    );
  });

  it('groups Alertmanager notifications in that provider too', async () => {
    const payload = {
      version: '4',
      groupKey: '{}:{alertname="X"}',
      status: 'firing',
      groupLabels: {},
      commonLabels: { alertname: 'X' },
      commonAnnotations: {},
      alerts: [{ status: 'firing', labels: { alertname: 'X' } }],
    };
    const send = () =>
      request(ctx.server)
        .post('/api/wecom/incidents/alertmanager')
        .set(auth)
        .send(payload);
    const first = await send();
    const second = await send();
    expect(first.body.action).toBe('opened');
    expect(first.body.incidentId).toMatch(/^mem-/);
    expect(second.body).toEqual({
      action: 'grouped',
      incidentId: first.body.incidentId,
    });
  });
});

describe('a second incident provider', () => {
  it('is refused with a clear error', () => {
    const slot = new IncidentProviderSlot();
    slot.setIncidentProvider(new InMemoryIncidentProvider());
    expect(() =>
      slot.setIncidentProvider(new InMemoryIncidentProvider()),
    ).toThrow(
      'An incident provider was already set through wecomIncidentsExtensionPoint; install only one module that provides WeCom incidents',
    );
  });

  it('keeps the backend from starting', async () => {
    await expect(
      startWeComBackend({
        features: [
          providerModule('first', new InMemoryIncidentProvider()),
          providerModule('second', new InMemoryIncidentProvider()),
        ],
      }),
    ).rejects.toThrow(/already set through wecomIncidentsExtensionPoint/);
  });
});

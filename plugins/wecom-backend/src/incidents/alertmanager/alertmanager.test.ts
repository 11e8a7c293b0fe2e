import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../../__testUtils__/databases';
import { startWeComBackend } from '../../__testUtils__/startWeComBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();
// Alertmanager calls with a static external-access token: a service.
const alertmanagerAuth = {
  Authorization: mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('external:alertmanager'),
    targetPluginId: 'wecom',
  }),
};
const userAuth = { Authorization: mockCredentials.user.header() };

/** A notification as Alertmanager sends it (webhook payload version 4). */
function notification(options: {
  groupKey: string;
  status: 'firing' | 'resolved';
  alerts?: Array<{ status: 'firing' | 'resolved'; instance: string }>;
  severity?: string;
}) {
  const alerts = options.alerts ?? [
    { status: options.status, instance: 'pay-1:9100' },
  ];
  const commonLabels = {
    alertname: 'PaymentsHighErrorRate',
    component: 'payments-api',
    ...(options.severity ? { severity: options.severity } : {}),
  };
  return {
    version: '4',
    groupKey: options.groupKey,
    truncatedAlerts: 0,
    status: options.status,
    receiver: 'backstage-wecom',
    groupLabels: { alertname: 'PaymentsHighErrorRate', cluster: 'sh-1' },
    commonLabels,
    commonAnnotations: {
      summary: 'Payments API 5xx above 5%',
      description: 'Checkout fails for a third of users',
    },
    externalURL: 'http://alertmanager.example.com:9093',
    alerts: alerts.map(alert => ({
      status: alert.status,
      labels: { ...commonLabels, instance: alert.instance },
      annotations: { summary: 'Payments API 5xx above 5%' },
      startsAt: '2026-11-26T10:00:00Z',
      endsAt:
        alert.status === 'resolved'
          ? '2026-11-26T10:30:00Z'
          : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example.com/graph?g0.expr=x',
      fingerprint: `fp-${alert.instance}`,
    })),
  };
}

describe.each(databases.eachSupportedId())('Alertmanager webhook on %p', id => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;

  beforeAll(async () => {
    ctx = await startWeComBackend({ knex: await databases.init(id) });
  });
  afterAll(() => ctx?.backend.stop());

  const deliver = (body: object) =>
    request(ctx.server)
      .post('/api/wecom/incidents/alertmanager')
      .set(alertmanagerAuth)
      .send(body);
  const incident = async (incidentId: string) =>
    (
      await request(ctx.server)
        .get(`/api/wecom/incidents/${incidentId}`)
        .set(userAuth)
    ).body;
  const timeline = async (incidentId: string) =>
    (
      await request(ctx.server)
        .get(`/api/wecom/incidents/${incidentId}/timeline`)
        .set(userAuth)
    ).body.items.filter(
      // Notifications add their own entries; these tests are about alerts.
      (entry: any) => entry.kind !== 'notification',
    );
  const incidentsOfGroup = async (groupKey: string) =>
    (
      await request(ctx.server)
        .get('/api/wecom/incidents')
        .query({ limit: 200 })
        .set(userAuth)
    ).body.items.filter((i: any) => i.fingerprint === groupKey);

  it('opens an incident for a firing group, then adds repeated firings to it instead of opening another', async () => {
    const groupKey = '{}:{alertname="PaymentsHighErrorRate"}';
    const first = await deliver(
      notification({ groupKey, status: 'firing', severity: 'page' }),
    );
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      action: 'opened',
      incidentId: expect.any(String),
    });
    expect(await incident(first.body.incidentId)).toMatchObject({
      title: 'Payments API 5xx above 5%',
      description: 'Checkout fails for a third of users',
      severity: 'critical',
      status: 'triggered',
      source: 'alertmanager',
      fingerprint: groupKey,
      entityRef: 'component:default/payments-api',
      labels: {
        alertname: 'PaymentsHighErrorRate',
        component: 'payments-api',
        severity: 'page',
      },
      fields: { alertname: 'PaymentsHighErrorRate', cluster: 'sh-1' },
    });

    const repeat = await deliver(
      notification({
        groupKey,
        status: 'firing',
        severity: 'page',
        alerts: [
          { status: 'firing', instance: 'pay-1:9100' },
          { status: 'firing', instance: 'pay-2:9100' },
        ],
      }),
    );
    expect(repeat.body).toEqual({
      action: 'grouped',
      incidentId: first.body.incidentId,
    });
    expect(await incidentsOfGroup(groupKey)).toHaveLength(1);
    expect(
      (await timeline(first.body.incidentId)).map((e: any) => [
        e.kind,
        e.actor,
        e.message,
      ]),
    ).toEqual([
      [
        'created',
        'alertmanager',
        'Opened from alertmanager: Payments API 5xx above 5%',
      ],
      ['alert', 'alertmanager', 'Alertmanager: 1 alert firing'],
      ['alert', 'alertmanager', 'Alertmanager: 2 alerts firing'],
    ]);
  });

  it('opens another incident for a different group', async () => {
    const a = await deliver(
      notification({ groupKey: '{}:{cluster="a"}', status: 'firing' }),
    );
    const b = await deliver(
      notification({ groupKey: '{}:{cluster="b"}', status: 'firing' }),
    );
    expect(a.body.action).toBe('opened');
    expect(b.body.action).toBe('opened');
    expect(a.body.incidentId).not.toBe(b.body.incidentId);
  });

  it('closes the incident when the group resolves, as alertmanager; firing again later opens a new one', async () => {
    const groupKey = '{}:{alertname="QueueBacklog"}';
    const opened = await deliver(notification({ groupKey, status: 'firing' }));
    await request(ctx.server)
      .post(`/api/wecom/incidents/${opened.body.incidentId}/transitions`)
      .set(userAuth)
      .send({ action: 'startProcessing' });

    const resolved = await deliver(
      notification({ groupKey, status: 'resolved' }),
    );
    expect(resolved.body).toEqual({
      action: 'closed',
      incidentId: opened.body.incidentId,
    });
    expect(await incident(opened.body.incidentId)).toMatchObject({
      status: 'closed',
      closedBy: 'alertmanager',
      acknowledgedBy: 'user:default/mock',
    });
    const entries = await timeline(opened.body.incidentId);
    expect(entries.slice(-2).map((e: any) => [e.kind, e.message])).toEqual([
      ['alert', 'Alertmanager: 1 alert resolved'],
      ['transition', 'Closed'],
    ]);

    // A repeated resolved notification changes nothing.
    const again = await deliver(notification({ groupKey, status: 'resolved' }));
    expect(again.body).toEqual({ action: 'ignored', incidentId: null });

    const refired = await deliver(notification({ groupKey, status: 'firing' }));
    expect(refired.body.action).toBe('opened');
    expect(refired.body.incidentId).not.toBe(opened.body.incidentId);
  });

  it('ignores a resolved notification of a group it never saw', async () => {
    const res = await deliver(
      notification({ groupKey: '{}:{never="seen"}', status: 'resolved' }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ action: 'ignored', incidentId: null });
  });

  it('refuses a payload that is not version 4 or lacks the group, with the reason', async () => {
    const v3 = await deliver({
      ...notification({ groupKey: 'g', status: 'firing' }),
      version: '3',
    });
    expect(v3.status).toBe(400);
    expect(v3.body.error.message).toBe(
      'Invalid Alertmanager notification: version: only version "4" of the Alertmanager webhook payload is supported',
    );
    const { groupKey, ...noGroup } = notification({
      groupKey: 'g',
      status: 'firing',
    });
    const missing = await deliver(noGroup);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/groupKey/);
  });

  it('keeps what an incident stores of labels within bounds, however big the notification', async () => {
    // An alert source (or whoever holds its token) sends ~900 KB of labels:
    // kept whole, every stored incident would carry them into every list,
    // card, model prompt and the similar-incidents index of each replica.
    const huge = 'x'.repeat(300_000);
    const many = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`label_${i}`, `value ${i}`]),
    );
    const body = notification({ groupKey: '{}:{huge="1"}', status: 'firing' });
    const res = await deliver({
      ...body,
      groupLabels: { ...body.groupLabels, big: huge },
      commonLabels: { ...body.commonLabels, ...many, big: huge },
      commonAnnotations: { ...body.commonAnnotations, runbook: huge },
    });
    expect(res.status).toBe(200);
    const stored = await incident(res.body.incidentId);
    // The labels the incident is found and routed by are all still there.
    expect(stored).toMatchObject({
      title: 'Payments API 5xx above 5%',
      entityRef: 'component:default/payments-api',
      labels: { alertname: 'PaymentsHighErrorRate' },
    });
    expect(Object.keys(stored.labels).length).toBeLessThanOrEqual(64);
    expect(JSON.stringify(stored.labels).length).toBeLessThan(70_000);
    expect(JSON.stringify(stored.fields).length).toBeLessThan(4_000);
    expect(stored.fields.big).toMatch(/^x+…$/);
  });

  it('needs a token', async () => {
    const res = await request(ctx.server)
      .post('/api/wecom/incidents/alertmanager')
      .set({ Authorization: mockCredentials.none.header() })
      .send(notification({ groupKey: 'g', status: 'firing' }));
    expect(res.status).toBe(401);
  });
});

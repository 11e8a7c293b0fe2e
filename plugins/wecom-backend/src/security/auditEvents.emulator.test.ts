import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { DEMO_APP_SECRET, DEMO_CORP_ID } from 'wecom-emulator';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  RecordingLogger,
  recordingRootLoggerFactory,
} from '../__testUtils__/recordingLogger';
import { startBackendWithEmulator } from '../__testUtils__/startBackendWithEmulator';
import { eventually } from '../__testUtils__/startWeComBackend';
import { cardActionKey } from '../incidentCards/contracts';
import { demoOrg } from '../__testUtils__/demoOrg';

// The audit trail as an operator reads it: Backstage's auditor writes each
// event to the log (initiated, then succeeded or failed). Settings changes,
// links and the incident changes card clicks make all leave one.

jest.setTimeout(120_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };

interface AuditEvent {
  eventId: string;
  status: string;
  actorId?: string;
  meta: Record<string, unknown>;
}

/** The audit events Backstage's auditor logged, oldest first. */
function auditEvents(logger: RecordingLogger, eventId: string): AuditEvent[] {
  return logger.lines
    .filter(l => l.meta.isAuditEvent && l.meta.eventId === eventId)
    .map(l => ({
      eventId,
      status: String(l.meta.status),
      actorId: (l.meta.actor as { actorId?: string } | undefined)?.actorId,
      meta: (l.meta.meta ?? {}) as Record<string, unknown>,
    }));
}

describe('audit events', () => {
  const logger = new RecordingLogger();
  let ctx: Awaited<ReturnType<typeof startBackendWithEmulator>>;

  beforeAll(async () => {
    ctx = await startBackendWithEmulator({
      knex: await databases.init('SQLITE_3'),
      entities: demoOrg(),
      features: [recordingRootLoggerFactory(logger)],
    });
  });
  afterAll(() => ctx?.stop());

  const api = (
    method: 'get' | 'post' | 'put' | 'delete',
    path: string,
    body?: object,
  ) => {
    const req = request(ctx.server)[method](`/api/wecom${path}`).set(auth);
    return body ? req.send(body) : req;
  };

  it('records settings changes, failed ones included, with who made them', async () => {
    const integration = {
      id: 'audited',
      name: 'Audited',
      mode: 'customApp',
      corpId: DEMO_CORP_ID,
      agentId: 1000002,
      secret: DEMO_APP_SECRET,
      apiBaseUrl: ctx.emulatorUrl,
    };
    expect((await api('post', '/integrations', integration)).status).toBe(201);
    expect(
      (
        await api('put', '/integrations/audited', {
          ...integration,
          corpId: '',
        })
      ).status,
    ).toBe(400);
    expect((await api('delete', '/integrations/audited')).status).toBe(204);

    const events = auditEvents(logger, 'integration-change').filter(
      e => e.status !== 'initiated',
    );
    expect(events).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        actorId: 'user:default/mock',
        meta: { action: 'create', integrationId: 'audited' },
      }),
      expect.objectContaining({
        status: 'failed',
        meta: { action: 'update', integrationId: 'audited' },
      }),
      expect.objectContaining({
        status: 'succeeded',
        meta: { action: 'delete', integrationId: 'audited' },
      }),
    ]);
  });

  it('records links and unlinks, by hand and by One-Click Link', async () => {
    const link = {
      integrationId: 'demo',
      entityRef: 'user:default/lisi',
      wecomUserId: 'LiSi',
    };
    expect((await api('post', '/linked-users/links', link)).status).toBe(200);
    expect(
      (
        await api(
          'delete',
          '/linked-users/links?integration=demo&entityRef=user:default/lisi',
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await api('post', '/linked-users/one-click-link', {
          integrationId: 'demo',
        })
      ).status,
    ).toBe(202);

    const events = auditEvents(logger, 'user-link').filter(
      e => e.status === 'succeeded',
    );
    expect(events.map(e => e.meta)).toEqual([
      {
        action: 'link',
        integrationId: 'demo',
        entityRef: 'user:default/lisi',
      },
      {
        action: 'unlink',
        integrationId: 'demo',
        entityRef: 'user:default/lisi',
      },
      { action: 'oneClickLink', integrationId: 'demo', entityRef: null },
    ]);
    expect(events.every(e => e.actorId === 'user:default/mock')).toBe(true);
  });

  it('records the incident change a WeCom card click makes, as the linked clicker', async () => {
    for (const [entityRef, wecomUserId] of [
      ['user:default/zhangsan', 'ZhangSan'],
      ['user:default/jdoe', 'JohnDoe'],
    ]) {
      await api('post', '/linked-users/links', {
        integrationId: 'demo',
        entityRef,
        wecomUserId,
      });
    }
    const created = await api('post', '/incidents', {
      title: 'Payments API 5xx above 5%',
      severity: 'critical',
      entityRef: 'component:default/payments-api',
    });
    expect(created.status).toBe(201);
    const incidentId: string = created.body.id;
    let taskId = '';
    await eventually(async () => {
      const res = await api('get', `/incidents/${incidentId}/deliveries`);
      const sent = res.body.items.filter((d: any) => d.status === 'sent');
      expect(sent.length).toBeGreaterThan(0);
      taskId = sent[0].taskId;
    }, 500);
    const cardEvents = () =>
      auditEvents(logger, 'incident-change').filter(
        e => e.meta.via === 'wecom-card' && e.status !== 'initiated',
      );

    const click = (
      userid: string,
      action: Parameters<typeof cardActionKey>[1],
    ) =>
      ctx.emulator.clickCard({
        userid,
        taskId,
        eventKey: cardActionKey(incidentId, action),
      });
    const transition = (body: object) =>
      api('post', `/incidents/${incidentId}/transitions`, body);

    // Snoozed from Backstage (the send's response code updates the cards),
    // then ZhangSan starts processing in WeCom.
    expect(
      (await transition({ action: 'snooze', snoozeMinutes: 30 })).status,
    ).toBe(200);
    await eventually(() => {
      const updates = ctx.emulator
        .card(taskId)!
        .events.filter(e => e.type === 'update');
      expect(updates).toHaveLength(1);
    }, 500);
    await click('ZhangSan', { kind: 'startProcessing' });
    await eventually(() => expect(cardEvents()).toHaveLength(1), 500);
    expect(cardEvents()[0]).toEqual({
      eventId: 'incident-change',
      status: 'succeeded',
      actorId: 'plugin:wecom',
      meta: {
        action: 'startProcessing',
        incidentId,
        via: 'wecom-card',
        wecomUserId: 'ZhangSan',
        entityRef: 'user:default/zhangsan',
        outcome: 'changed',
      },
    });
    expect((await api('get', `/incidents/${incidentId}`)).body.status).toBe(
      'processing',
    );

    // Closed in Backstage with no response code left: the cards still show
    // Close, John Doe presses it, nothing changes, and that is recorded.
    expect((await transition({ action: 'close' })).status).toBe(200);
    await click('JohnDoe', { kind: 'close' });
    await eventually(() => expect(cardEvents()).toHaveLength(2), 500);
    expect(cardEvents()[1]).toMatchObject({
      status: 'succeeded',
      meta: {
        action: 'close',
        incidentId,
        via: 'wecom-card',
        wecomUserId: 'JohnDoe',
        entityRef: 'user:default/jdoe',
        outcome: 'not-applicable',
      },
    });

    // Refresh changes no incident: no audit event.
    await click('ZhangSan', { kind: 'refresh' });
    await new Promise(resolve => setTimeout(resolve, 500));
    expect(cardEvents()).toHaveLength(2);
  });

  it('records notification settings changes', async () => {
    expect(
      (await api('put', '/preferences/me', { personalChannelEnabled: false }))
        .status,
    ).toBe(200);
    expect(
      auditEvents(logger, 'notification-preferences').find(
        e => e.status === 'succeeded',
      )?.meta,
    ).toEqual({
      entityRef: 'user:default/mock',
      personalChannelEnabled: false,
    });
  });
  it('records escalation policy changes, refused ones included', async () => {
    const policy = {
      name: 'Payments',
      ownerRef: 'group:default/payments',
      levels: [{ targets: [{ kind: 'user', ref: 'jdoe' }], delayMinutes: 5 }],
      repeat: 0,
    };
    expect((await api('post', '/escalation-policies', policy)).status).toBe(
      201,
    );
    expect(
      (
        await api('put', '/escalation-policies/payments', {
          ...policy,
          repeat: 1,
        })
      ).status,
    ).toBe(200);
    expect(
      (await api('post', '/escalation-policies', { ...policy, repeat: 99 }))
        .status,
    ).toBe(400);
    expect((await api('delete', '/escalation-policies/payments')).status).toBe(
      204,
    );
    const events = auditEvents(logger, 'escalation-policy-change').filter(
      e => e.status !== 'initiated',
    );
    expect(events.map(e => [e.status, e.actorId, e.meta])).toEqual([
      [
        'succeeded',
        'user:default/mock',
        { action: 'create', name: 'Payments' },
      ],
      [
        'succeeded',
        'user:default/mock',
        { action: 'update', policyId: 'payments' },
      ],
      ['failed', 'user:default/mock', { action: 'create', name: 'Payments' }],
      [
        'succeeded',
        'user:default/mock',
        { action: 'delete', policyId: 'payments' },
      ],
    ]);
  });
});

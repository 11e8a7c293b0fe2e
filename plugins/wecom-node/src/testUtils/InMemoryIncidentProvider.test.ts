import { WeComIncidentChange, WeComInvalidTransitionError } from '../incidents';
import { InMemoryIncidentProvider } from './InMemoryIncidentProvider';

describe('InMemoryIncidentProvider', () => {
  let now: Date;
  let provider: InMemoryIncidentProvider;
  const advanceMinutes = (minutes: number) => {
    now = new Date(now.getTime() + minutes * 60_000);
  };

  beforeEach(() => {
    now = new Date('2026-11-26T10:00:00Z');
    provider = new InMemoryIncidentProvider({ now: () => now });
  });

  const create = () =>
    provider.createIncident(
      { title: 'Payments failing', severity: 'critical', source: 'grafana' },
      'user:default/jdoe',
    );

  it('follows the lifecycle of the real provider, with the actor on the timeline', async () => {
    const incident = await create();
    advanceMinutes(5);
    await provider.transition(
      incident.id,
      { action: 'startProcessing' },
      'user:default/zhangsan',
    );
    const snoozed = await provider.transition(
      incident.id,
      { action: 'snooze', snoozeMinutes: 90 },
      'user:default/zhangsan',
    );
    // A snooze keeps who acknowledged it.
    expect(snoozed).toMatchObject({
      status: 'snoozed',
      acknowledgedBy: 'user:default/zhangsan',
      snoozedUntil: '2026-11-26T11:35:00.000Z',
    });
    const closed = await provider.transition(
      incident.id,
      { action: 'close' },
      'alertmanager',
    );
    expect(closed).toMatchObject({
      status: 'closed',
      closedBy: 'alertmanager',
      closedAt: '2026-11-26T10:05:00.000Z',
      snoozedUntil: undefined,
    });
    const reopened = await provider.transition(incident.id, {
      action: 'reopen',
    });
    expect(reopened).toMatchObject({
      status: 'triggered',
      acknowledgedBy: undefined,
      closedBy: undefined,
    });

    const timeline = await provider.listTimeline(incident.id);
    expect(timeline.map(e => [e.kind, e.actor, e.message])).toEqual([
      ['created', 'user:default/jdoe', 'Opened from grafana: Payments failing'],
      ['transition', 'user:default/zhangsan', 'Started processing'],
      [
        'transition',
        'user:default/zhangsan',
        'Snoozed for 1 hour 30 minutes, until 2026-11-26 11:35 UTC',
      ],
      ['transition', 'alertmanager', 'Closed'],
      ['transition', undefined, 'Reopened'],
    ]);
  });

  it('refuses transitions that do not apply, as the real provider does', async () => {
    const incident = await create();
    await provider.transition(incident.id, { action: 'close' }, 'user:a');

    const refused = provider.transition(incident.id, {
      action: 'startProcessing',
    });
    await expect(refused).rejects.toBeInstanceOf(WeComInvalidTransitionError);
    await expect(refused).rejects.toThrow(
      'The incident is already closed by user:a; reopen it first',
    );
    await provider.transition(incident.id, { action: 'reopen' });
    await expect(
      provider.transition(incident.id, { action: 'snooze', snoozeMinutes: 0 }),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(
      provider.transition('nope', { action: 'close' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect((await provider.getIncident(incident.id))?.status).toBe('triggered');
  });

  it('changes the responders with a timeline entry and an updated change', async () => {
    const incident = await provider.createIncident(
      {
        title: 'Payments failing',
        severity: 'critical',
        entityRef: 'component:default/payments-api',
      },
      'user:default/jdoe',
    );
    const heard: WeComIncidentChange[] = [];
    provider.subscribe(change => {
      heard.push(change);
    });
    advanceMinutes(3);

    const updated = await provider.updateIncident(
      incident.id,
      {
        responders: [
          ' Group:default/SRE ',
          'user:default/lisi',
          'group:default/sre',
        ],
      },
      'user:default/zhangsan',
    );

    expect(updated).toMatchObject({
      responders: ['group:default/sre', 'user:default/lisi'],
      updatedAt: '2026-11-26T10:03:00.000Z',
    });
    expect(provider.entries(incident.id, 'responders')).toEqual([
      expect.objectContaining({
        actor: 'user:default/zhangsan',
        message:
          'Responders changed to group:default/sre, user:default/lisi (were: owner of component:default/payments-api)',
        data: {
          responders: ['group:default/sre', 'user:default/lisi'],
          previousResponders: [],
        },
      }),
    ]);
    expect(heard).toEqual([
      {
        type: 'updated',
        incident: updated,
        previousResponders: [],
        actor: 'user:default/zhangsan',
      },
    ]);
  });

  it('changes nothing when the responders stay the same', async () => {
    const incident = await provider.createIncident({
      title: 'Payments failing',
      severity: 'critical',
      responders: ['group:default/sre', 'user:default/lisi'],
    });
    const heard: WeComIncidentChange[] = [];
    provider.subscribe(change => {
      heard.push(change);
    });
    advanceMinutes(3);

    const same = await provider.updateIncident(incident.id, {
      responders: ['USER:default/lisi', 'group:default/sre '],
    });
    const empty = await provider.updateIncident(incident.id, {});

    expect(same).toEqual(incident);
    expect(empty).toEqual(incident);
    expect(provider.entries(incident.id, 'responders')).toEqual([]);
    expect(heard).toEqual([]);
    await expect(
      provider.updateIncident('nope', { responders: [] }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('tells subscribers after each change, even when one of them throws', async () => {
    const heard: string[] = [];
    const failure = new Error('listener broke');
    provider.subscribe(() => {
      throw failure;
    });
    const stop = provider.subscribe((change: WeComIncidentChange) => {
      heard.push(`${change.type}:${change.previousStatus ?? ''}`);
    });
    const incident = await create();
    await provider.transition(incident.id, { action: 'close' });
    stop();
    await provider.transition(incident.id, { action: 'reopen' });

    expect(heard).toEqual(['created:', 'transitioned:triggered']);
    expect(provider.listenerErrors.map(e => e.error)).toEqual([
      failure,
      failure,
      failure,
    ]);
    expect((await provider.getIncident(incident.id))?.status).toBe('triggered');
  });

  it('wakes snoozes when they are due, as the system', async () => {
    const incident = await create();
    await provider.transition(incident.id, {
      action: 'snooze',
      snoozeMinutes: 30,
    });
    const heard: WeComIncidentChange[] = [];
    provider.subscribe(change => {
      heard.push(change);
    });

    advanceMinutes(29);
    expect(await provider.wakeDueSnoozes()).toEqual([]);
    advanceMinutes(1);
    const [woken] = await provider.wakeDueSnoozes();
    expect(woken).toMatchObject({ id: incident.id, status: 'triggered' });
    expect(heard).toEqual([
      expect.objectContaining({ previousStatus: 'snoozed', actor: 'system' }),
    ]);
  });

  it('lists newest first with the filters of the real provider', async () => {
    const seeded = provider.seedIncident({
      title: 'Old disk alert',
      severity: 'info',
      status: 'closed',
      createdAt: '2026-11-20T00:00:00.000Z',
    });
    const fresh = await create();

    const all = await provider.listIncidents({});
    expect(all.items.map(i => i.id)).toEqual([fresh.id, seeded.id]);
    expect(
      (await provider.listIncidents({ status: ['closed'] })).items,
    ).toEqual([seeded]);
    expect(
      (await provider.listIncidents({ q: 'PAYMENTS', limit: 1 })).items,
    ).toEqual([fresh]);
    const named = provider.seedIncident({
      title: 'Named responder',
      severity: 'high',
      status: 'triggered',
      responders: ['user:default/lisi'],
      createdAt: '2026-11-21T00:00:00.000Z',
    });
    expect(
      (await provider.listIncidents({ responder: 'user:default/lisi' })).items,
    ).toEqual([named]);
    // Seeding is quiet: no timeline entry.
    expect(await provider.listTimeline(seeded.id)).toEqual([]);
  });

  it('records calls and fails on demand without changing anything', async () => {
    const incident = await create();
    provider.failNext('transition', new Error('platform unavailable'));
    await expect(
      provider.transition(incident.id, { action: 'close' }),
    ).rejects.toThrow('platform unavailable');
    expect((await provider.getIncident(incident.id))?.status).toBe('triggered');
    await provider.transition(incident.id, { action: 'close' });

    expect(provider.callsOf('transition')).toEqual([
      [incident.id, { action: 'close' }, undefined],
      [incident.id, { action: 'close' }, undefined],
    ]);
    expect(provider.entries(incident.id, 'transition')).toHaveLength(1);
  });

  it('hands out copies, and changes unheard when told to', async () => {
    const heard: unknown[] = [];
    provider.subscribe(change => {
      heard.push(change);
    });
    const incident = provider.seedIncident({ title: 'X', severity: 'high' });
    (await provider.getIncident(incident.id))!.status = 'closed';
    expect(provider.incidents.get(incident.id)?.status).toBe('triggered');

    provider.changeUnheard(incident.id, { status: 'processing' });
    expect(provider.incidents.get(incident.id)?.status).toBe('processing');
    expect(heard).toEqual([]);
    expect(provider.timeline).toEqual([]);
  });
});

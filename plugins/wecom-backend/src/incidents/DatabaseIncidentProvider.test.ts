import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import {
  WeComIncidentChange,
  WeComInvalidTransitionError,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseIncidentProvider } from './DatabaseIncidentProvider';
import { SnoozeWakeUp } from './SnoozeWakeUp';
import { createIncidentTables } from './__testUtils__/incidentTables';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const T0 = DateTime.fromISO('2026-11-26T10:00:00.000Z', { zone: 'utc' });
const JDOE = 'user:default/jdoe';
const ASMITH = 'user:default/asmith';

describe.each(databases.eachSupportedId())(
  'DatabaseIncidentProvider on %p',
  databaseId => {
    let knex: Knex;
    let now: DateTime;
    let logger: ReturnType<typeof mockServices.logger.mock>;
    let provider: DatabaseIncidentProvider;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await createIncidentTables(knex);
    });
    afterAll(() => knex.destroy());

    beforeEach(() => {
      now = T0;
      logger = mockServices.logger.mock();
      provider = new DatabaseIncidentProvider({
        knex,
        logger,
        clock: () => now,
      });
    });

    const open = (title = 'Payments API 5xx above 5%') =>
      provider.createIncident(
        {
          title,
          severity: 'critical',
          entityRef: 'component:default/payments-api',
          fields: { region: 'sh-1' },
        },
        JDOE,
      );
    const expectRefused = async (
      promise: Promise<unknown>,
      reason: string | RegExp,
    ) => {
      const error = await promise.then(
        () => undefined,
        e => e,
      );
      expect(error).toBeInstanceOf(WeComInvalidTransitionError);
      expect(error.message).toMatch(reason);
      return error as WeComInvalidTransitionError;
    };

    it('opens an incident as triggered, with a UUID and a created entry naming who and when', async () => {
      const incident = await open();

      expect(incident).toEqual({
        id: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        ),
        title: 'Payments API 5xx above 5%',
        severity: 'critical',
        status: 'triggered',
        entityRef: 'component:default/payments-api',
        responders: [],
        source: 'api',
        fields: { region: 'sh-1' },
        createdAt: T0.toISO(),
        updatedAt: T0.toISO(),
      });
      expect(await provider.getIncident(incident.id)).toEqual(incident);
      expect(await provider.listTimeline(incident.id)).toEqual([
        {
          id: expect.any(String),
          incidentId: incident.id,
          at: T0.toISO(),
          actor: JDOE,
          kind: 'created',
          message: 'Opened from api: Payments API 5xx above 5%',
          data: { severity: 'critical', source: 'api' },
        },
      ]);
      expect(await provider.getIncident('no-such-incident')).toBeUndefined();
    });

    it('goes triggered → processing → snoozed → processing → closed → triggered, recording each step with actor and time', async () => {
      const incident = await open();

      now = T0.plus({ minutes: 1 });
      const processing = await provider.transition(
        incident.id,
        { action: 'startProcessing' },
        ASMITH,
      );
      expect(processing).toMatchObject({
        status: 'processing',
        acknowledgedBy: ASMITH,
        acknowledgedAt: now.toISO(),
        updatedAt: now.toISO(),
      });

      now = T0.plus({ minutes: 2 });
      const snoozed = await provider.transition(
        incident.id,
        { action: 'snooze', snoozeMinutes: 120 },
        ASMITH,
      );
      expect(snoozed).toMatchObject({
        status: 'snoozed',
        snoozedUntil: T0.plus({ minutes: 122 }).toISO(),
        acknowledgedBy: ASMITH,
      });

      now = T0.plus({ minutes: 3 });
      const back = await provider.transition(
        incident.id,
        { action: 'startProcessing' },
        JDOE,
      );
      expect(back.status).toBe('processing');
      expect(back.acknowledgedBy).toBe(JDOE);
      expect(back.snoozedUntil).toBeUndefined();

      now = T0.plus({ minutes: 4 });
      const closed = await provider.transition(
        incident.id,
        { action: 'close' },
        JDOE,
      );
      expect(closed).toMatchObject({
        status: 'closed',
        closedBy: JDOE,
        closedAt: now.toISO(),
      });

      now = T0.plus({ minutes: 5 });
      const reopened = await provider.transition(
        incident.id,
        { action: 'reopen' },
        ASMITH,
      );
      // Triggered again: nobody has acknowledged it, it is not closed.
      expect(reopened.status).toBe('triggered');
      expect(reopened.acknowledgedBy).toBeUndefined();
      expect(reopened.closedBy).toBeUndefined();
      expect(reopened.closedAt).toBeUndefined();

      const timeline = await provider.listTimeline(incident.id);
      expect(
        timeline.map(e => [e.kind, e.actor, e.at, e.message, e.data?.to]),
      ).toEqual([
        [
          'created',
          JDOE,
          T0.toISO(),
          'Opened from api: Payments API 5xx above 5%',
          undefined,
        ],
        [
          'transition',
          ASMITH,
          T0.plus({ minutes: 1 }).toISO(),
          'Started processing',
          'processing',
        ],
        [
          'transition',
          ASMITH,
          T0.plus({ minutes: 2 }).toISO(),
          'Snoozed for 2 hours, until 2026-11-26 12:02 UTC',
          'snoozed',
        ],
        [
          'transition',
          JDOE,
          T0.plus({ minutes: 3 }).toISO(),
          'Started processing',
          'processing',
        ],
        [
          'transition',
          JDOE,
          T0.plus({ minutes: 4 }).toISO(),
          'Closed',
          'closed',
        ],
        [
          'transition',
          ASMITH,
          T0.plus({ minutes: 5 }).toISO(),
          'Reopened',
          'triggered',
        ],
      ]);
    });

    it('closes straight from triggered and from snoozed, and snoozes a triggered one', async () => {
      const a = await open('a');
      expect(
        (await provider.transition(a.id, { action: 'close' }, JDOE)).status,
      ).toBe('closed');

      const b = await open('b');
      const snoozed = await provider.transition(
        b.id,
        { action: 'snooze', snoozeMinutes: 30 },
        JDOE,
      );
      expect(snoozed.status).toBe('snoozed');
      const closed = await provider.transition(b.id, { action: 'close' }, JDOE);
      expect(closed.status).toBe('closed');
      expect(closed.snoozedUntil).toBeUndefined();
    });

    it('refuses transitions that do not apply, with a plain reason, and changes nothing', async () => {
      const incident = await open();

      await expectRefused(
        provider.transition(incident.id, { action: 'reopen' }, JDOE),
        'Only a closed incident can be reopened; this one is still open',
      );

      await provider.transition(
        incident.id,
        { action: 'startProcessing' },
        JDOE,
      );
      await expectRefused(
        provider.transition(incident.id, { action: 'startProcessing' }, ASMITH),
        `The incident is already being processed by ${JDOE}`,
      );

      await provider.transition(
        incident.id,
        { action: 'snooze', snoozeMinutes: 60 },
        JDOE,
      );
      await expectRefused(
        provider.transition(
          incident.id,
          { action: 'snooze', snoozeMinutes: 60 },
          JDOE,
        ),
        'The incident is already snoozed until 2026-11-26 11:00 UTC',
      );

      await provider.transition(incident.id, { action: 'close' }, ASMITH);
      const refused = await expectRefused(
        provider.transition(incident.id, { action: 'close' }, JDOE),
        `The incident is already closed by ${ASMITH}`,
      );
      expect(refused.incident.status).toBe('closed');
      expect(refused.action).toBe('close');
      await expectRefused(
        provider.transition(incident.id, { action: 'startProcessing' }, JDOE),
        `The incident is already closed by ${ASMITH}; reopen it first`,
      );
      await expectRefused(
        provider.transition(
          incident.id,
          { action: 'snooze', snoozeMinutes: 5 },
          JDOE,
        ),
        /already closed/,
      );

      // Only the accepted changes are on the timeline.
      const timeline = await provider.listTimeline(incident.id);
      expect(timeline.map(e => e.kind)).toEqual([
        'created',
        'transition',
        'transition',
        'transition',
      ]);
      expect((await provider.getIncident(incident.id))?.status).toBe('closed');
    });

    it('refuses a snooze without a sensible duration and an unknown incident', async () => {
      const incident = await open();
      await expect(
        provider.transition(incident.id, { action: 'snooze' }, JDOE),
      ).rejects.toThrow(/snoozeMinutes must be a whole number from 1 to 10080/);
      await expect(
        provider.transition(
          incident.id,
          { action: 'snooze', snoozeMinutes: 10081 },
          JDOE,
        ),
      ).rejects.toThrow(/snoozeMinutes/);
      await expect(
        provider.transition('nope', { action: 'close' }, JDOE),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        provider.addTimelineEntry('nope', { kind: 'comment', message: 'x' }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('lets exactly one of two simultaneous starts win; the other is told who was first', async () => {
      const incident = await open();
      const results = await Promise.allSettled([
        provider.transition(incident.id, { action: 'startProcessing' }, JDOE),
        provider.transition(incident.id, { action: 'startProcessing' }, ASMITH),
      ]);
      const won = results.filter(r => r.status === 'fulfilled');
      const lost = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(WeComInvalidTransitionError);
      expect(lost[0].reason.message).toMatch(/already being processed by/);
      const timeline = await provider.listTimeline(incident.id);
      expect(timeline.filter(e => e.kind === 'transition')).toHaveLength(1);
    });

    it('adds entries of other areas to the timeline, in time order', async () => {
      const incident = await open();
      now = T0.plus({ minutes: 1 });
      const entry = await provider.addTimelineEntry(incident.id, {
        kind: 'notification',
        message: 'Card sent to 2 people; 1 responder is not linked',
        data: { sent: 2, unlinked: ['user:default/bwayne'] },
      });
      expect(entry).toEqual({
        id: expect.any(String),
        incidentId: incident.id,
        at: now.toISO(),
        kind: 'notification',
        message: 'Card sent to 2 people; 1 responder is not linked',
        data: { sent: 2, unlinked: ['user:default/bwayne'] },
      });
      // An entry with its own (earlier) time sorts where it happened.
      await provider.addTimelineEntry(incident.id, {
        at: T0.plus({ seconds: 30 }).toISO()!,
        actor: 'alertmanager',
        kind: 'alert',
        message: 'Alertmanager: 1 alert firing',
      });
      expect(
        (await provider.listTimeline(incident.id)).map(e => e.kind),
      ).toEqual(['created', 'alert', 'notification']);
    });

    it('changes the responders, recording before and after with the actor', async () => {
      const incident = await open();
      const changes: WeComIncidentChange[] = [];
      provider.subscribe(change => {
        changes.push(change);
      });
      now = T0.plus({ minutes: 2 });

      const updated = await provider.updateIncident(
        incident.id,
        {
          responders: [
            'group:default/sre',
            ' User:Default/LiSi ',
            'user:default/lisi',
          ],
        },
        ASMITH,
      );

      expect(updated).toEqual({
        ...incident,
        responders: ['group:default/sre', 'user:default/lisi'],
        updatedAt: now.toISO(),
      });
      expect(await provider.getIncident(incident.id)).toEqual(updated);
      const [, entry] = await provider.listTimeline(incident.id);
      expect(entry).toEqual({
        id: expect.any(String),
        incidentId: incident.id,
        at: now.toISO(),
        actor: ASMITH,
        kind: 'responders',
        message:
          'Responders changed to group:default/sre, user:default/lisi (were: owner of component:default/payments-api)',
        data: {
          responders: ['group:default/sre', 'user:default/lisi'],
          previousResponders: [],
        },
      });
      expect(changes).toEqual([
        {
          type: 'updated',
          incident: updated,
          previousResponders: [],
          actor: ASMITH,
        },
      ]);

      // Back to the owner.
      const cleared = await provider.updateIncident(
        incident.id,
        { responders: [] },
        JDOE,
      );
      expect(cleared.responders).toEqual([]);
      expect(changes[1]).toMatchObject({
        previousResponders: ['group:default/sre', 'user:default/lisi'],
      });
      expect((await provider.listTimeline(incident.id))[2].message).toBe(
        'Responders changed to owner of component:default/payments-api (were: group:default/sre, user:default/lisi)',
      );
    });

    it('leaves the incident alone when the responders stay the same', async () => {
      const incident = await provider.createIncident({
        title: 'Disk full',
        severity: 'warning',
        responders: ['group:default/sre', 'user:default/lisi'],
      });
      const changes: WeComIncidentChange[] = [];
      provider.subscribe(change => {
        changes.push(change);
      });
      now = T0.plus({ minutes: 2 });

      await expect(
        provider.updateIncident(
          incident.id,
          { responders: ['USER:default/lisi', 'group:default/sre'] },
          JDOE,
        ),
      ).resolves.toEqual(incident);
      await expect(provider.updateIncident(incident.id, {})).resolves.toEqual(
        incident,
      );
      expect(
        (await provider.listTimeline(incident.id)).map(e => e.kind),
      ).toEqual(['created']);
      expect(changes).toEqual([]);
      await expect(
        provider.updateIncident('nope', { responders: [] }, JDOE),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('keeps both a status change and a responders change made at the same time', async () => {
      const incident = await open();

      await Promise.all([
        provider.transition(incident.id, { action: 'startProcessing' }, JDOE),
        provider.updateIncident(
          incident.id,
          { responders: ['group:default/sre'] },
          ASMITH,
        ),
      ]);

      expect(await provider.getIncident(incident.id)).toMatchObject({
        status: 'processing',
        acknowledgedBy: JDOE,
        responders: ['group:default/sre'],
      });
      expect(
        (await provider.listTimeline(incident.id)).map(e => e.kind).sort(),
      ).toEqual(['created', 'responders', 'transition']);
    });

    it('tells subscribers after the commit, survives a throwing one, and stops after unsubscribe', async () => {
      const seen: Array<{ change: WeComIncidentChange; stored?: string }> = [];
      const stop = provider.subscribe(async change => {
        // Read through the database: the change must be committed already.
        const stored = await provider.getIncident(change.incident.id);
        const timeline = await provider.listTimeline(change.incident.id);
        seen.push({
          change,
          stored: `${stored?.status}/${timeline.length}`,
        });
      });
      provider.subscribe(() => {
        throw new Error('listener bug');
      });

      const incident = await open();
      const processing = await provider.transition(
        incident.id,
        { action: 'startProcessing' },
        ASMITH,
      );
      expect(processing.status).toBe('processing');
      expect((await provider.getIncident(incident.id))?.status).toBe(
        'processing',
      );
      await expectRefused(
        provider.transition(incident.id, { action: 'startProcessing' }, JDOE),
        /already being processed/,
      );

      expect(seen).toEqual([
        {
          change: { type: 'created', incident, actor: JDOE },
          stored: 'triggered/1',
        },
        {
          change: {
            type: 'transitioned',
            incident: processing,
            previousStatus: 'triggered',
            actor: ASMITH,
          },
          stored: 'processing/2',
        },
      ]);
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining('listener bug'),
      );

      stop();
      await provider.transition(incident.id, { action: 'close' }, JDOE);
      expect(seen).toHaveLength(2);
    });

    it('wakes a snoozed incident once its snooze ends, as the system, exactly once', async () => {
      const changes: WeComIncidentChange[] = [];
      provider.subscribe(change => {
        changes.push(change);
      });
      const wakeUp = new SnoozeWakeUp(provider, logger);
      const incident = await open();
      const other = await open('still processing');
      await provider.transition(other.id, { action: 'startProcessing' }, JDOE);
      await provider.transition(
        incident.id,
        { action: 'snooze', snoozeMinutes: 30 },
        JDOE,
      );

      now = T0.plus({ minutes: 29, seconds: 59 });
      await wakeUp.run();
      expect((await provider.getIncident(incident.id))?.status).toBe('snoozed');

      now = T0.plus({ minutes: 30 });
      const woken = await provider.wakeDueSnoozes();
      expect(woken.map(i => i.id)).toEqual([incident.id]);
      const after = await provider.getIncident(incident.id);
      expect(after).toMatchObject({ status: 'triggered' });
      expect(after?.snoozedUntil).toBeUndefined();
      expect(after?.acknowledgedBy).toBeUndefined();
      expect((await provider.getIncident(other.id))?.status).toBe('processing');

      const last = (await provider.listTimeline(incident.id)).at(-1);
      expect(last).toMatchObject({
        kind: 'transition',
        actor: 'system',
        at: now.toISO(),
        message: 'Snooze ended; waiting for someone to start processing again',
        data: { action: 'wakeUp', from: 'snoozed', to: 'triggered' },
      });
      expect(changes.at(-1)).toMatchObject({
        type: 'transitioned',
        previousStatus: 'snoozed',
        actor: 'system',
        incident: { id: incident.id, status: 'triggered' },
      });

      // A second run (another replica, a later tick) finds nothing to do.
      now = T0.plus({ minutes: 31 });
      expect(await provider.wakeDueSnoozes()).toEqual([]);
      const wakeEntries = (await provider.listTimeline(incident.id)).filter(
        e => e.actor === 'system',
      );
      expect(wakeEntries).toHaveLength(1);
    });

    it('lists newest first with filters and paging', async () => {
      await knex('wecom_incidents').delete();
      const made = [];
      for (const [i, severity] of (
        ['critical', 'info', 'warning', 'critical', 'high'] as const
      ).entries()) {
        now = T0.plus({ minutes: i });
        made.push(
          await provider.createIncident(
            {
              title: `Disk 100%_full on node-${i}`,
              severity,
              entityRef: i % 2 ? 'component:default/db' : undefined,
            },
            JDOE,
          ),
        );
      }
      await provider.transition(made[0].id, { action: 'close' }, JDOE);

      const all = await provider.listIncidents({});
      expect(all.items.map(i => i.title)).toEqual([
        'Disk 100%_full on node-4',
        'Disk 100%_full on node-3',
        'Disk 100%_full on node-2',
        'Disk 100%_full on node-1',
        'Disk 100%_full on node-0',
      ]);
      expect(all).toMatchObject({ totalCount: 5, offset: 0, limit: 50 });

      const page = await provider.listIncidents({ offset: 1, limit: 2 });
      expect(page.items.map(i => i.title)).toEqual([
        'Disk 100%_full on node-3',
        'Disk 100%_full on node-2',
      ]);
      expect(page.totalCount).toBe(5);

      const critical = await provider.listIncidents({
        severity: ['critical'],
        status: ['triggered'],
      });
      expect(critical.items.map(i => i.id)).toEqual([made[3].id]);
      const db = await provider.listIncidents({
        entityRef: 'component:default/db',
      });
      expect(db.items.map(i => i.id)).toEqual([made[3].id, made[1].id]);
      // LIKE wildcards in the search are taken literally.
      expect(
        (await provider.listIncidents({ q: 'NODE-2' })).items.map(i => i.id),
      ).toEqual([made[2].id]);
      expect((await provider.listIncidents({ q: '100%_f' })).totalCount).toBe(
        5,
      );
      expect((await provider.listIncidents({ q: '100_' })).totalCount).toBe(0);
    });
  },
);

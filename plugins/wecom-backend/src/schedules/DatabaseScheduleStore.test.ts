import { WeComScheduleInput } from 'backstage-plugin-wecom-common';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from '../database/migrations';
import { DatabaseScheduleStore } from './DatabaseScheduleStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const input: WeComScheduleInput = {
  name: 'SRE primary',
  ownerRef: 'group:default/sre',
  timeZone: 'Asia/Shanghai',
  layers: [
    {
      members: ['user:default/jdoe', 'user:default/asmith'],
      handoffTime: '09:00',
      rotationDays: 7,
      startDate: '2026-11-30',
    },
  ],
};

describe.each(databases.eachSupportedId())(
  'DatabaseScheduleStore on %p',
  databaseId => {
    let knex: Knex;
    let now = DateTime.fromISO('2026-12-07T10:00:00Z', { zone: 'utc' });
    let store: DatabaseScheduleStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await applyMigrations(knex);
      store = new DatabaseScheduleStore(knex, () => now);
    });
    afterAll(() => knex.destroy());

    it('keeps a schedule as given, lists it by owner, updates and deletes it with its overrides', async () => {
      const created = await store.create(input);
      expect(created).toEqual({
        ...input,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        overrides: [],
        createdAt: '2026-12-07T10:00:00.000Z',
        updatedAt: '2026-12-07T10:00:00.000Z',
      });
      await store.create({
        ...input,
        name: 'Payments',
        ownerRef: 'group:default/payments',
      });
      expect(
        (await store.list({ ownerRef: 'group:default/sre' })).map(s => s.name),
      ).toEqual(['SRE primary']);
      expect((await store.list()).map(s => s.name)).toEqual([
        'Payments',
        'SRE primary',
      ]);

      now = now.plus({ hours: 1 });
      const updated = await store.update(created.id, {
        ...input,
        timeZone: 'Europe/Berlin',
      });
      expect(updated?.timeZone).toBe('Europe/Berlin');
      expect(updated?.updatedAt).toBe('2026-12-07T11:00:00.000Z');
      expect(await store.update('no-such-id', input)).toBeUndefined();

      const override = await store.addOverride(created.id, {
        userEntityRef: 'user:default/lisi',
        start: DateTime.fromISO('2026-12-08T00:00:00+08:00'),
        end: DateTime.fromISO('2026-12-09T00:00:00+08:00'),
        createdBy: 'user:default/lisi',
      });
      expect(override).toEqual({
        id: expect.any(String),
        userEntityRef: 'user:default/lisi',
        start: '2026-12-07T16:00:00.000Z',
        end: '2026-12-08T16:00:00.000Z',
        createdBy: 'user:default/lisi',
        createdAt: '2026-12-07T11:00:00.000Z',
      });
      expect((await store.get(created.id))?.overrides).toEqual([override]);

      expect(await store.delete(created.id)).toBe(true);
      expect(await store.get(created.id)).toBeUndefined();
      expect(await store.getOverride(created.id, override.id)).toBeUndefined();
      expect(await store.delete(created.id)).toBe(false);
    });

    it('answers overrides by period, and a schedule only with those not ended', async () => {
      const { id } = await store.create(input);
      const add = (start: string, end: string) =>
        store.addOverride(id, {
          userEntityRef: 'user:default/jdoe',
          start: DateTime.fromISO(start),
          end: DateTime.fromISO(end),
          createdBy: 'user:default/jdoe',
        });
      const past = await add('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z');
      const future = await add('2026-12-10T00:00:00Z', '2026-12-11T00:00:00Z');
      expect((await store.get(id))?.overrides.map(o => o.id)).toEqual([
        future.id,
      ]);
      const overlapping = await store.overridesOverlapping(
        [id],
        DateTime.fromISO('2026-12-01T12:00:00Z'),
        DateTime.fromISO('2026-12-10T00:00:00Z'),
      );
      expect(overlapping.map(o => o.id)).toEqual([past.id]);
      expect(+overlapping[0].start).toBe(
        +DateTime.fromISO('2026-12-01T00:00:00Z'),
      );
      expect(
        (
          await store.overridesOverlapping(
            'all',
            DateTime.fromISO('2026-12-01T00:00:00Z'),
            DateTime.fromISO('2026-12-31T00:00:00Z'),
          )
        ).length,
      ).toBe(2);
      expect(await store.deleteOverride('other-schedule', future.id)).toBe(
        false,
      );
      expect(await store.deleteOverride(id, future.id)).toBe(true);
      expect((await store.get(id))?.overrides).toEqual([]);
    });

    it("finds a person's schedules from the member index and their overrides, kept in step with every change", async () => {
      await knex('wecom_schedule_overrides').delete();
      await knex('wecom_schedules').delete();
      const window = [
        DateTime.fromISO('2026-12-07T00:00:00Z'),
        DateTime.fromISO('2026-12-14T00:00:00Z'),
      ] as const;
      const ids = (user: string) =>
        store.scheduleIdsOf(user, ...window).then(found => found.sort());

      const sre = await store.create(input);
      const payments = await store.create({
        ...input,
        name: 'Payments',
        layers: [
          { ...input.layers[0], members: ['user:default/lisi'] },
          { ...input.layers[0], members: ['user:default/jdoe'] },
        ],
      });
      expect(await ids('user:default/jdoe')).toEqual(
        [sre.id, payments.id].sort(),
      );
      expect(await ids('user:default/asmith')).toEqual([sre.id]);
      expect(await ids('user:default/wangwu')).toEqual([]);

      // An override in the window counts; one outside it does not.
      await store.addOverride(payments.id, {
        userEntityRef: 'user:default/wangwu',
        start: DateTime.fromISO('2026-12-08T00:00:00Z'),
        end: DateTime.fromISO('2026-12-09T00:00:00Z'),
        createdBy: 'user:default/asmith',
      });
      await store.addOverride(sre.id, {
        userEntityRef: 'user:default/wangwu',
        start: DateTime.fromISO('2026-12-20T00:00:00Z'),
        end: DateTime.fromISO('2026-12-21T00:00:00Z'),
        createdBy: 'user:default/asmith',
      });
      expect(await ids('user:default/wangwu')).toEqual([payments.id]);

      // Leaving a layer, and deleting a schedule, leave the index.
      await store.update(sre.id, {
        ...input,
        layers: [{ ...input.layers[0], members: ['user:default/asmith'] }],
      });
      expect(await ids('user:default/jdoe')).toEqual([payments.id]);
      await store.delete(payments.id);
      expect(await ids('user:default/jdoe')).toEqual([]);
      expect(await ids('user:default/lisi')).toEqual([]);
      expect(await knex('wecom_schedule_members').select()).toEqual([
        { schedule_id: sre.id, user_entity_ref: 'user:default/asmith' },
      ]);
      expect(
        (await store.list({ ids: [sre.id, 'gone'] })).map(s => s.id),
      ).toEqual([sre.id]);
      expect(await store.list({ ids: [] })).toEqual([]);
    });
  },
);

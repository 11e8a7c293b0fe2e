import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from '../database/migrations';
import { DatabaseScheduleStore } from './DatabaseScheduleStore';
import { StoredScheduleOnCallSource } from './StoredScheduleOnCallSource';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });

describe('StoredScheduleOnCallSource', () => {
  let knex: Knex;
  let store: DatabaseScheduleStore;
  let source: StoredScheduleOnCallSource;
  let scheduleId: string;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await applyMigrations(knex);
    // Overrides made long ago still count; "ended" is judged by this clock.
    store = new DatabaseScheduleStore(knex, () => at('2026-12-01T00:00:00Z'));
    source = new StoredScheduleOnCallSource(store);
    ({ id: scheduleId } = await store.create({
      name: 'SRE primary',
      ownerRef: 'group:default/sre',
      timeZone: 'Asia/Shanghai',
      layers: [
        {
          members: ['user:default/jdoe', 'user:default/guest'],
          handoffTime: '09:00',
          rotationDays: 1,
          startDate: '2026-12-07',
        },
      ],
    }));
    await store.addOverride(scheduleId, {
      userEntityRef: 'user:default/asmith',
      start: at('2026-12-08T12:00:00+08:00'),
      end: at('2026-12-08T18:00:00+08:00'),
      createdBy: 'user:default/asmith',
    });
  });
  afterAll(() => knex.destroy());

  it('describes a schedule and finds the schedules a group owns', async () => {
    expect(await source.describe(scheduleId)).toEqual({
      id: scheduleId,
      name: 'SRE primary',
      ownerRef: 'group:default/sre',
    });
    expect(await source.describe('nope')).toBeUndefined();
    expect(await source.schedulesOwnedBy('Group:default/SRE')).toEqual([
      { id: scheduleId, name: 'SRE primary' },
    ]);
    expect(await source.schedulesOwnedBy('group:default/payments')).toEqual([]);
  });

  it('answers who is on call now, until when and how, and who is next', async () => {
    const [now] = await source.onCallAt(
      scheduleId,
      at('2026-12-08T10:00:00+08:00'),
    );
    expect(now).toMatchObject({
      userEntityRef: 'user:default/guest',
      via: 'schedule',
      scheduleId,
      scheduleName: 'SRE primary',
    });
    // The override at noon cuts guest's turn short.
    expect(now.until.toISO()).toBe('2026-12-08T12:00:00.000+08:00');
    const [next] = await source.nextAfter(
      scheduleId,
      at('2026-12-08T10:00:00+08:00'),
    );
    expect(next).toMatchObject({
      userEntityRef: 'user:default/asmith',
      via: 'override',
    });
    expect(next.until.toISO()).toBe('2026-12-08T18:00:00.000+08:00');
    expect(await source.onCallAt('nope', DateTime.utc())).toEqual([]);
    expect(
      await source.onCallAt(scheduleId, at('2026-12-07T08:00:00+08:00')),
    ).toEqual([]);
  });

  it("lists a person's shifts across schedules, overrides included", async () => {
    const from = at('2026-12-07T09:00:00+08:00');
    const to = at('2026-12-10T09:00:00+08:00');
    expect(await source.shiftsOf('user:default/guest', from, to)).toEqual([
      expect.objectContaining({
        scheduleId,
        scheduleName: 'SRE primary',
        ownerRef: 'group:default/sre',
        start: '2026-12-08T09:00:00.000+08:00',
        end: '2026-12-08T12:00:00.000+08:00',
      }),
      expect.objectContaining({
        start: '2026-12-08T18:00:00.000+08:00',
        end: '2026-12-09T09:00:00.000+08:00',
      }),
    ]);
    expect(await source.shiftsOf('User:default/ASmith', from, to)).toEqual([
      expect.objectContaining({
        start: '2026-12-08T12:00:00.000+08:00',
        end: '2026-12-08T18:00:00.000+08:00',
      }),
    ]);
  });

  it("reads only the person's schedules and their overrides, not every schedule", async () => {
    const list = jest.spyOn(store, 'list');
    const overrides = jest.spyOn(store, 'overridesOverlapping');
    const from = at('2026-12-07T09:00:00+08:00');
    const to = at('2026-12-10T09:00:00+08:00');

    expect(await source.shiftsOf('user:default/nobody', from, to)).toEqual([]);
    expect(list).not.toHaveBeenCalled();
    expect(overrides).not.toHaveBeenCalled();

    await source.shiftsOf('user:default/guest', from, to);
    expect(list).toHaveBeenCalledWith({ ids: [scheduleId] });
    expect(overrides).toHaveBeenCalledWith([scheduleId], from, to);
    list.mockRestore();
    overrides.mockRestore();
  });
});

import { WeComWarRoom } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from '../database/migrations';
import { DatabaseWarRoomStore } from './DatabaseWarRoomStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const T0 = DateTime.fromISO('2026-11-27T09:00:00.000Z', { zone: 'utc' });

function warRoom(overrides: Partial<WeComWarRoom> = {}): WeComWarRoom {
  return {
    incidentId: 'inc-1',
    integrationId: 'acme',
    chatId: 'wr0123456789abcdef0123456789abcd',
    name: '[CRITICAL] #INC1 Payments down',
    status: 'creating',
    owner: { entityRef: 'user:default/jdoe', wecomUserId: 'JohnDoe' },
    members: [
      {
        entityRef: 'user:default/jdoe',
        wecomUserId: 'JohnDoe',
        role: 'requester',
        addedAt: T0.toISO()!,
      },
      {
        entityRef: 'user:default/lisi',
        wecomUserId: 'LiSi',
        role: 'responder',
        addedAt: T0.toISO()!,
      },
    ],
    unlinked: ['user:default/newhire'],
    entityRef: 'component:default/payments-api',
    pendingSteps: ['createChat', 'postSummary', 'postAnalysis'],
    createdBy: 'user:default/jdoe',
    createdAt: T0.toISO()!,
    updatedAt: T0.toISO()!,
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('DatabaseWarRoomStore on %p', id => {
  let knex: Awaited<ReturnType<typeof databases.init>>;
  let now = T0;
  let store: DatabaseWarRoomStore;

  beforeAll(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
    store = new DatabaseWarRoomStore(knex, () => now);
  });
  beforeEach(async () => {
    now = T0;
    await knex('wecom_war_rooms').delete();
  });
  afterAll(() => knex.destroy());

  it('stores a War Room and reads it back as it was given', async () => {
    const lease = await store.insert(warRoom(), T0.plus({ minutes: 5 }));
    expect(lease).toBeDefined();
    expect(await store.get('inc-1')).toEqual(warRoom());
    expect(await store.get('inc-2')).toBeUndefined();
  });

  it("finds a War Room by its integration's chat id (the bot's context)", async () => {
    await store.insert(warRoom(), T0.plus({ minutes: 5 }));
    const { chatId } = warRoom();
    expect(await store.findByChatId('acme', chatId)).toEqual(warRoom());
    expect(await store.findByChatId('other', chatId)).toBeUndefined();
    expect(await store.findByChatId('acme', 'someotherchat')).toBeUndefined();
  });

  it('lets only the first of two inserts for one incident win', async () => {
    expect(
      await store.insert(warRoom(), T0.plus({ minutes: 5 })),
    ).toBeDefined();
    expect(
      await store.insert(
        warRoom({ createdBy: 'user:default/lisi' }),
        T0.plus({ minutes: 5 }),
      ),
    ).toBeUndefined();
    expect((await store.get('inc-1'))!.createdBy).toBe('user:default/jdoe');
  });

  it('gives the lease to one worker at a time, and again once it ran out', async () => {
    const first = (await store.insert(warRoom(), T0.plus({ minutes: 5 })))!;
    // Held: a second worker is refused.
    expect(
      await store.claim(
        'inc-1',
        T0.plus({ minutes: 1 }),
        T0.plus({ minutes: 6 }),
      ),
    ).toBeUndefined();

    // The holder crashed: after the lease ran out, someone else takes it.
    now = T0.plus({ minutes: 6 });
    const second = await store.claim('inc-1', now, now.plus({ minutes: 5 }));
    expect(second).toBeDefined();

    // The crashed worker wakes up: its writes change nothing.
    await expect(store.update(first, { status: 'active' })).rejects.toThrow(
      /Another request took over/,
    );
    expect((await store.get('inc-1'))!.status).toBe('creating');

    // The holder writes, keeps the lease, then lets it go.
    await store.update(
      second!,
      { pendingSteps: ['postAnalysis'] },
      { keepLease: true },
    );
    expect(
      await store.claim('inc-1', now, now.plus({ minutes: 5 })),
    ).toBeUndefined();
    const done = await store.update(second!, {
      status: 'active',
      pendingSteps: [],
      lastError: undefined,
    });
    expect(done).toMatchObject({ status: 'active', pendingSteps: [] });
    expect(done.updatedAt).toBe(now.toISO());
    expect(
      await store.claim('inc-1', now, now.plus({ minutes: 5 })),
    ).toBeDefined();
  });

  it('writes and clears the optional fields', async () => {
    const lease = (await store.insert(warRoom(), T0.plus({ minutes: 5 })))!;
    const dismissedAt = T0.plus({ hours: 1 }).toISO()!;
    const dismissed = await store.update(
      lease,
      {
        status: 'dismissed',
        lastError: 'WeCom said no',
        dismissedBy: 'user:default/lisi',
        dismissedAt,
      },
      { keepLease: true },
    );
    expect(dismissed).toMatchObject({
      status: 'dismissed',
      lastError: 'WeCom said no',
      dismissedBy: 'user:default/lisi',
      dismissedAt,
    });
    const reopened = await store.update(lease, {
      status: 'active',
      lastError: undefined,
      dismissedBy: undefined,
      dismissedAt: undefined,
    });
    expect(reopened.lastError).toBeUndefined();
    expect(reopened.dismissedBy).toBeUndefined();
    expect(reopened.dismissedAt).toBeUndefined();
    // Fields not named are kept.
    expect(reopened.members).toEqual(warRoom().members);
  });

  it('lists newest first, by entity and status, up to the limit', async () => {
    const rooms = [
      warRoom({ incidentId: 'a', createdAt: T0.toISO()! }),
      warRoom({
        incidentId: 'b',
        status: 'active',
        createdAt: T0.plus({ minutes: 1 }).toISO()!,
      }),
      warRoom({
        incidentId: 'c',
        status: 'dismissed',
        entityRef: 'component:default/api-gateway',
        createdAt: T0.plus({ minutes: 2 }).toISO()!,
      }),
    ];
    for (const room of rooms) await store.insert(room, T0);

    const ids = (items: WeComWarRoom[]) => items.map(r => r.incidentId);
    expect(ids(await store.list({}))).toEqual(['c', 'b', 'a']);
    expect(
      ids(await store.list({ entityRef: 'Component:default/payments-api' })),
    ).toEqual(['b', 'a']);
    expect(ids(await store.list({ status: ['active', 'dismissed'] }))).toEqual([
      'c',
      'b',
    ]);
    expect(ids(await store.list({ limit: 1 }))).toEqual(['c']);
  });
});

import { WeComLinkRun } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from '../database/migrations';
import { DatabaseLinkRunStore } from './DatabaseLinkRunStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function newRun(id: string, startedAt: DateTime): WeComLinkRun {
  return {
    id,
    integrationId: 'acme',
    status: 'running',
    startedAt: startedAt.toISO()!,
    startedBy: 'user:default/admin',
    progress: { total: 3, processed: 0 },
    alreadyLinked: 2,
    linked: [],
    notFound: [],
    failed: [],
  };
}

describe.each(databases.eachSupportedId())('DatabaseLinkRunStore on %p', id => {
  let knex: Awaited<ReturnType<typeof databases.init>>;
  let now: DateTime;
  let store: DatabaseLinkRunStore;

  beforeAll(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
  });
  beforeEach(async () => {
    await knex('wecom_link_run_locks').delete();
    await knex('wecom_link_runs').delete();
    now = DateTime.fromISO('2026-11-26T10:00:00.000Z', { zone: 'utc' });
    store = new DatabaseLinkRunStore(knex, { now: () => now });
  });
  afterAll(() => knex.destroy());

  it('keeps one run per integration and says which one runs since when', async () => {
    await store.create(newRun('run-1', now));
    expect(await store.lock('acme', 'run-1')).toEqual({ acquired: true });

    now = now.plus({ seconds: 30 });
    const second = await store.lock('acme', 'run-2');
    expect(second).toMatchObject({ acquired: false, runId: 'run-1' });
    expect(second.acquired === false && second.since.toISO()).toBe(
      '2026-11-26T10:00:00.000Z',
    );
    // Other integrations are not blocked.
    expect(await store.lock('globex', 'run-3')).toEqual({ acquired: true });

    await store.unlock('acme', 'run-1');
    expect(await store.lock('acme', 'run-2')).toEqual({ acquired: true });
  });

  it('finishes a run and frees its lock together, so the next run may start', async () => {
    await store.create(newRun('run-1', now));
    await store.lock('acme', 'run-1');

    await store.finish({
      ...newRun('run-1', now),
      status: 'completed',
      finishedAt: now.plus({ seconds: 5 }).toISO()!,
    });

    expect((await store.get('run-1'))?.status).toBe('completed');
    expect(await store.lock('acme', 'run-2')).toEqual({ acquired: true });
  });

  it('lets a live run keep its lock and a dead one lose it, marking it failed', async () => {
    await store.create(newRun('run-1', now));
    await store.lock('acme', 'run-1');

    // Beating keeps it: 90 s later the lock is 30 s old.
    now = now.plus({ seconds: 60 });
    expect(await store.heartbeat('acme', 'run-1')).toBe(true);
    now = now.plus({ seconds: 90 });
    expect((await store.lock('acme', 'run-2')).acquired).toBe(false);

    // Silent for more than two minutes: the replica died.
    now = now.plus({ seconds: 121 });
    expect((await store.get('run-1'))!.status).toBe('failed');
    expect(await store.lock('acme', 'run-2')).toEqual({ acquired: true });
    expect(await store.heartbeat('acme', 'run-1')).toBe(false);
    const dead = await knex('wecom_link_runs').where({ id: 'run-1' }).first();
    expect(dead.status).toBe('failed');
    expect(JSON.parse(dead.error).message).toMatch(/stopped without finishing/);
  });

  it('saves progress and results and reads the latest run back', async () => {
    const first: WeComLinkRun = {
      ...newRun('run-1', now),
      status: 'completed',
      finishedAt: now.plus({ seconds: 1 }).toISO()!,
    };
    await store.create(first);
    now = now.plus({ minutes: 5 });
    const second = newRun('run-2', now);
    await store.create(second);

    await store.save({
      ...second,
      status: 'completed',
      finishedAt: now.plus({ seconds: 3 }).toISO()!,
      progress: { total: 3, processed: 3 },
      linked: [
        {
          entityRef: 'user:default/jdoe',
          wecomUserId: 'JohnDoe',
          via: 'mobile',
        },
      ],
      notFound: [
        { entityRef: 'user:default/ghost', tried: ['mobile', 'email'] },
      ],
      failed: [
        { entityRef: 'user:default/x', reason: 'not visible', errcode: 60011 },
      ],
    });

    expect(await store.latest('acme')).toEqual({
      ...second,
      status: 'completed',
      finishedAt: '2026-11-26T10:05:03.000Z',
      progress: { total: 3, processed: 3 },
      linked: [
        {
          entityRef: 'user:default/jdoe',
          wecomUserId: 'JohnDoe',
          via: 'mobile',
        },
      ],
      notFound: [
        { entityRef: 'user:default/ghost', tried: ['mobile', 'email'] },
      ],
      failed: [
        { entityRef: 'user:default/x', reason: 'not visible', errcode: 60011 },
      ],
    });
    expect(await store.get('run-1')).toEqual(first);
    expect(await store.latest('globex')).toBeUndefined();

    await store.deleteIntegration('acme');
    expect(await store.get('run-2')).toBeUndefined();
  });
});

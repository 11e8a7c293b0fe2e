import { DateTime, Duration } from 'luxon';
import { createTestDatabases } from '../../../__testUtils__/databases';
import { applyMigrations } from '../../../database/migrations';
import { BotConnectionLock } from './BotConnectionLock';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const TTL = Duration.fromObject({ seconds: 45 });

describe.each(databases.eachSupportedId())('BotConnectionLock on %p', id => {
  let knex: Awaited<ReturnType<typeof databases.init>>;
  let now: DateTime;
  let lock: BotConnectionLock;

  beforeAll(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
  });
  beforeEach(async () => {
    await knex('wecom_bot_connection_locks').delete();
    now = DateTime.fromISO('2026-11-28T09:00:00Z', { zone: 'utc' });
    lock = new BotConnectionLock(knex, () => now);
  });
  afterAll(() => knex.destroy());

  it('gives a free lease to the first replica and refuses the second while it is valid', async () => {
    expect(await lock.acquire('acme', 'replica-a', TTL)).toBe(true);
    expect(await lock.acquire('acme', 'replica-b', TTL)).toBe(false);
    expect(await lock.lease('acme')).toEqual({
      holder: 'replica-a',
      expiresAt: now.plus(TTL),
    });
    // Leases are per integration.
    expect(await lock.acquire('globex', 'replica-b', TTL)).toBe(true);
  });

  it('renews the holder’s lease, which keeps the others out past the first expiry', async () => {
    await lock.acquire('acme', 'replica-a', TTL);
    now = now.plus({ seconds: 30 });
    expect(await lock.acquire('acme', 'replica-a', TTL)).toBe(true);
    now = now.plus({ seconds: 30 });
    expect(await lock.acquire('acme', 'replica-b', TTL)).toBe(false);
    expect((await lock.lease('acme'))?.holder).toBe('replica-a');
  });

  it('lets another replica take over a lease its holder stopped renewing (a killed replica)', async () => {
    await lock.acquire('acme', 'replica-a', TTL);
    now = now.plus(TTL);
    expect(await lock.acquire('acme', 'replica-b', TTL)).toBe(true);
    expect(await lock.lease('acme')).toEqual({
      holder: 'replica-b',
      expiresAt: now.plus(TTL),
    });
    // The old holder, back from a pause, does not get it back.
    expect(await lock.acquire('acme', 'replica-a', TTL)).toBe(false);
  });

  it('releases only the holder’s own lease', async () => {
    await lock.acquire('acme', 'replica-a', TTL);
    await lock.release('acme', 'replica-b');
    expect(await lock.acquire('acme', 'replica-b', TTL)).toBe(false);
    await lock.release('acme', 'replica-a');
    expect(await lock.acquire('acme', 'replica-b', TTL)).toBe(true);
  });

  it('hands an expired lease to exactly one of many replicas racing for it', async () => {
    await lock.acquire('acme', 'replica-0', TTL);
    now = now.plus(TTL).plus({ seconds: 1 });
    const holders = Array.from({ length: 8 }, (_, i) => `replica-${i + 1}`);
    const results = await Promise.all(
      holders.map(holder => lock.acquire('acme', holder, TTL)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = holders[results.indexOf(true)];
    expect((await lock.lease('acme'))?.holder).toBe(winner);
  });
});

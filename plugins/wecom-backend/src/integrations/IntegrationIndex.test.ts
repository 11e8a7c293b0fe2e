import { IntegrationIndex } from './IntegrationIndex';
import { WeComIntegration } from './types';

// The index answers the public callback URLs, where anyone can send any
// id. These tests are the attacker's and the admin's view of it: made-up
// ids must not reach the database per request nor hide a real integration,
// and an admin's change must show within the documented delay.

function integration(id: string, token = 'token'): WeComIntegration {
  return {
    id,
    corpId: 'wwcorp',
    callback: { token, encodingAESKey: 'k'.repeat(43) },
  } as WeComIntegration;
}

/** A database other replicas write to, counting the reads. */
function source(initial: WeComIntegration[]) {
  const rows = new Map(initial.map(i => [i.id, i]));
  const db = {
    reads: 0,
    failing: false,
    rows,
    async list() {
      db.reads += 1;
      if (db.failing) throw new Error('database is down');
      return [...rows.values()];
    },
  };
  return db;
}

function setup(initial = [integration('acme')]) {
  const db = source(initial);
  let now = 1_000_000;
  const index = new IntegrationIndex(db, { now: () => now });
  return {
    db,
    index,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('IntegrationIndex', () => {
  it('answers a flood of made-up ids without a read per request', async () => {
    const { db, index, advance } = setup();
    for (let i = 0; i < 10_000; i++) {
      expect(await index.get(`nobody-${i}`)).toBeUndefined();
      if (i % 100 === 0) advance(10); // 10,000 requests over one second
    }
    // The first load, and at most one reload a second for the misses.
    expect(db.reads).toBeLessThanOrEqual(2);
  });

  it('never lets made-up ids hide a real integration', async () => {
    const { db, index, advance } = setup();
    for (let i = 0; i < 1_000; i++) {
      await index.get(`nobody-${i}`);
      await index.get('bad id with spaces');
      expect((await index.get('acme'))?.id).toBe('acme');
      advance(17);
    }
    // 17 s of traffic: at most a reload a second, not one per request.
    expect(db.reads).toBeLessThanOrEqual(20);
  });

  it('shares one load between concurrent requests', async () => {
    const { db, index } = setup();
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        index.get(i % 2 ? 'acme' : `nobody-${i}`),
      ),
    );
    expect(db.reads).toBe(1);
    expect(answers.filter(Boolean)).toHaveLength(250);
  });

  it('does not look up ids no integration can have', async () => {
    const { db, index } = setup();
    for (const id of ['', 'a\u0000b', '../acme', 'x'.repeat(500)]) {
      expect(await index.get(id)).toBeUndefined();
    }
    expect(db.reads).toBe(0);
  });

  it('sees a change made on this replica at once', async () => {
    const { db, index } = setup();
    await index.get('acme');
    db.rows.set('fresh', integration('fresh'));
    db.rows.set('acme', integration('acme', 'rotated'));
    index.invalidate();
    expect((await index.get('fresh'))?.id).toBe('fresh');
    expect((await index.get('acme'))?.callback?.token).toBe('rotated');
    db.rows.delete('fresh');
    index.invalidate();
    expect(await index.get('fresh')).toBeUndefined();
  });

  it('sees an integration another replica created within a second', async () => {
    const { db, index, advance } = setup();
    await index.get('acme');
    db.rows.set('fresh', integration('fresh'));
    advance(999);
    expect(await index.get('fresh')).toBeUndefined();
    advance(1);
    expect((await index.get('fresh'))?.id).toBe('fresh');
  });

  it("sees another replica's change or deletion within the TTL (5 s)", async () => {
    const { db, index, advance } = setup([
      integration('acme'),
      integration('gone'),
    ]);
    await index.get('acme');
    db.rows.set('acme', integration('acme', 'rotated'));
    db.rows.delete('gone');
    advance(4_999);
    expect((await index.get('acme'))?.callback?.token).toBe('token');
    advance(1);
    expect((await index.get('acme'))?.callback?.token).toBe('rotated');
    expect(await index.get('gone')).toBeUndefined();
  });

  it('does not keep a load that started before a change', async () => {
    const { db, index } = setup();
    const stale = index.get('fresh');
    // The change lands while the first load is in flight.
    db.rows.set('fresh', integration('fresh'));
    index.invalidate();
    await stale;
    expect((await index.get('fresh'))?.id).toBe('fresh');
  });

  it('finds by any field, reloading when nothing matches and the list is a second old', async () => {
    const { db, index, advance } = setup();
    const ofCorp = (corpId: string) => (i: WeComIntegration) =>
      i.corpId === corpId;
    expect(await index.find(ofCorp('wwcorp'))).toHaveLength(1);
    db.rows.set('tenant', { ...integration('tenant'), corpId: 'wwtenant' });
    expect(await index.find(ofCorp('wwtenant'))).toEqual([]);
    advance(1_000);
    expect((await index.find(ofCorp('wwtenant')))[0]?.id).toBe('tenant');
    expect(db.reads).toBe(2);
  });

  it('fails the requests of a failed first load without a read each, and retries a second later', async () => {
    const { db, index, advance } = setup();
    db.failing = true;
    for (let i = 0; i < 1_000; i++) {
      await expect(index.get('acme')).rejects.toThrow('database is down');
    }
    expect(db.reads).toBe(1);
    db.failing = false;
    advance(999);
    await expect(index.get('acme')).rejects.toThrow('database is down');
    advance(1);
    expect((await index.get('acme'))?.id).toBe('acme');
    expect(db.reads).toBe(2);
  });

  it('serves the last list while the database is down, retrying at most once a second', async () => {
    const { db, index, advance } = setup();
    await index.get('acme');
    db.failing = true;
    advance(5_000); // the list has expired
    // 10,000 callbacks over 10 s, half of them for made-up ids.
    for (let i = 0; i < 10_000; i++) {
      expect((await index.get('acme'))?.id).toBe('acme');
      expect(await index.get(`nobody-${i}`)).toBeUndefined();
      advance(1);
    }
    // The first load, then one retry a second.
    expect(db.reads).toBeLessThanOrEqual(1 + 11);

    db.failing = false;
    db.rows.set('fresh', integration('fresh'));
    advance(1_000);
    expect((await index.get('fresh'))?.id).toBe('fresh');
  });

  it('serves the last list after a local change while the database is down', async () => {
    const { db, index } = setup();
    await index.get('acme');
    db.failing = true;
    index.invalidate();
    expect((await index.get('acme'))?.id).toBe('acme');
  });
});

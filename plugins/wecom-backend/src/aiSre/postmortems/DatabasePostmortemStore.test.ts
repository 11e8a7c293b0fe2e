import { DateTime, Duration } from 'luxon';
import { createTestDatabases } from '../../__testUtils__/databases';
import { applyMigrations } from '../../database/migrations';
import { DatabasePostmortemStore } from './DatabasePostmortemStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const T0 = DateTime.fromISO('2026-11-28T09:00:00.000Z', { zone: 'utc' });
const MINUTE = Duration.fromObject({ seconds: 60 });

const generated = (overrides: { markdown?: string; at?: DateTime } = {}) => ({
  markdown: overrides.markdown ?? '## Summary\nPayments were down.',
  analyzer: 'built-in',
  generatedBy: 'user:default/jdoe',
  generatedAt: overrides.at ?? T0,
});

describe.each(databases.eachSupportedId())(
  'DatabasePostmortemStore on %p',
  id => {
    let knex: Awaited<ReturnType<typeof databases.init>>;
    let store: DatabasePostmortemStore;

    beforeAll(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
      store = new DatabasePostmortemStore(knex);
    });
    beforeEach(async () => {
      await knex('wecom_postmortems').delete();
    });
    afterAll(() => knex.destroy());

    it('has no post-mortem until the first generation is stored', async () => {
      expect(await store.get('inc-1')).toBeUndefined();
      const result = await store.claimGeneration('inc-1', T0, MINUTE);
      expect(result.claimed).toBe(true);
      // Claimed but not written yet: still none to read.
      expect(await store.get('inc-1')).toBeUndefined();

      expect(await store.saveGenerated('inc-1', generated())).toEqual({
        incidentId: 'inc-1',
        markdown: '## Summary\nPayments were down.',
        analyzer: 'built-in',
        generatedBy: 'user:default/jdoe',
        generatedAt: T0.toISO(),
      });
    });

    it('lets one generation per interval start, and says when the next may', async () => {
      expect((await store.claimGeneration('inc-1', T0, MINUTE)).claimed).toBe(
        true,
      );
      const early = await store.claimGeneration(
        'inc-1',
        T0.plus({ seconds: 20 }),
        MINUTE,
      );
      expect(early).toEqual({
        claimed: false,
        lastStartedAt: T0,
        retryAt: T0.plus({ seconds: 60 }),
      });
      expect(
        (await store.claimGeneration('inc-1', T0.plus({ seconds: 60 }), MINUTE))
          .claimed,
      ).toBe(true);
      // Another incident has its own budget.
      expect(
        (await store.claimGeneration('inc-2', T0.plus({ seconds: 60 }), MINUTE))
          .claimed,
      ).toBe(true);
    });

    it('lets only one of two simultaneous claims win (two replicas)', async () => {
      const other = new DatabasePostmortemStore(knex);
      const race = (now: DateTime) =>
        Promise.all([
          store.claimGeneration('inc-1', now, MINUTE),
          other.claimGeneration('inc-1', now, MINUTE),
        ]);
      // The very first generation, when the incident has no row yet.
      expect((await race(T0)).filter(r => r.claimed)).toHaveLength(1);
      await store.saveGenerated('inc-1', generated());
      // A later one, on the existing row.
      const later = await race(T0.plus({ minutes: 5 }));
      expect(later.filter(r => r.claimed)).toHaveLength(1);
    });

    it('gives a failed generation back so the next try need not wait', async () => {
      const first = await store.claimGeneration('inc-1', T0, MINUTE);
      await store.saveGenerated('inc-1', generated());
      const second = await store.claimGeneration(
        'inc-1',
        T0.plus({ minutes: 2 }),
        MINUTE,
      );
      expect(first.claimed && second.claimed).toBe(true);
      if (!second.claimed) return;
      expect(second.claim.previous?.toMillis()).toBe(T0.toMillis());

      await store.releaseGeneration(second.claim);
      // The first generation's start counts again: long past the interval.
      expect(
        (
          await store.claimGeneration(
            'inc-1',
            T0.plus({ minutes: 2, seconds: 1 }),
            MINUTE,
          )
        ).claimed,
      ).toBe(true);
    });

    it('keeps edits and posting until a new generation replaces the text', async () => {
      expect(
        await store.saveEdited('inc-1', {
          markdown: 'nothing to edit',
          editedBy: 'user:default/lisi',
          editedAt: T0,
        }),
      ).toBeUndefined();
      await store.saveGenerated('inc-1', generated());

      const edited = await store.saveEdited('inc-1', {
        markdown: '## Summary\nFixed by hand.',
        editedBy: 'user:default/lisi',
        editedAt: T0.plus({ minutes: 1 }),
      });
      expect(edited).toMatchObject({
        markdown: '## Summary\nFixed by hand.',
        editedBy: 'user:default/lisi',
        editedAt: T0.plus({ minutes: 1 }).toISO(),
      });
      const posted = await store.markPosted('inc-1', {
        postedBy: 'user:default/lisi',
        postedAt: T0.plus({ minutes: 2 }),
      });
      expect(posted).toMatchObject({
        postedBy: 'user:default/lisi',
        postedAt: T0.plus({ minutes: 2 }).toISO(),
        editedBy: 'user:default/lisi',
      });

      const regenerated = await store.saveGenerated(
        'inc-1',
        generated({
          markdown: '## Summary\nAgain.',
          at: T0.plus({ hours: 1 }),
        }),
      );
      expect(regenerated.markdown).toBe('## Summary\nAgain.');
      expect(regenerated.editedBy).toBeUndefined();
      expect(regenerated.postedAt).toBe(T0.plus({ minutes: 2 }).toISO());
    });

    it('stores a 100 KB text of CJK characters whole', async () => {
      const markdown = `## Summary\n${'支付'.repeat(17_000)}`;
      await store.saveGenerated('inc-1', generated({ markdown }));
      expect((await store.get('inc-1'))!.markdown).toBe(markdown);
    });
  },
);

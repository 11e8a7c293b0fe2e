import { DateTime, DurationLike } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from '../database/migrations';
import { DatabaseMobileLookupBudget } from './MobileLookupBudget';
import { MobileLookupGuard } from './MobileLookupGuard';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  "a corp's day of failed mobile lookups on %p",
  id => {
    let knex: Awaited<ReturnType<typeof databases.init>>;
    let now: DateTime;
    let budget: DatabaseMobileLookupBudget;

    /** A One-Click Link run's guard: a corp whose few members we know. */
    const run = (corpId = 'wwcorp') =>
      new MobileLookupGuard({ corpId, budget, knownMembers: 3 });

    /**
     * Looks up by mobile until the guard says stop, a minute apart unless
     * told otherwise; answers the misses made.
     */
    async function missUntilStopped(
      guard: MobileLookupGuard,
      apart: DurationLike = { minutes: 1 },
    ) {
      let made = 0;
      while (made < 100 && (await guard.allowed())) {
        await guard.missed();
        made += 1;
        now = now.plus(apart);
      }
      return made;
    }

    beforeAll(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
    });
    beforeEach(async () => {
      await knex('wecom_mobile_lookup_failures').delete();
      now = DateTime.fromISO('2026-12-07T10:00:00.000Z', { zone: 'utc' });
      budget = new DatabaseMobileLookupBudget(knex, { now: () => now });
    });
    afterAll(async () => {
      await knex.destroy();
    });

    it('gives a second run only what the first left of the day', async () => {
      const first = run();
      expect(await missUntilStopped(first)).toBe(5);
      const firstMissAt = DateTime.fromISO('2026-12-07T10:00:00.000Z');

      now = now.plus({ hours: 2 });
      const second = run();
      expect(await missUntilStopped(second)).toBe(0);
      expect(second.summary).toEqual({
        misses: 0,
        stopped: 'missShare',
        earlierMisses: 5,
        // The first miss leaves the rolling day 24 h after it was made.
        until: firstMissAt.plus({ hours: 24 }).toUTC().toISO(),
      });
      expect(second.skipReason).toMatch(
        /after 5 misses \(5 of them in earlier runs.*resume at 2026-12-08 10:00 UTC/,
      );
    });

    it('allows lookups again as the oldest misses leave the rolling day', async () => {
      await missUntilStopped(run());
      // 23 h 59 min after the first miss: all five still count.
      now = DateTime.fromISO('2026-12-08T09:59:00.000Z', { zone: 'utc' });
      expect(await run().allowed()).toBe(false);

      // The first miss is a day old: one lookup is allowed, then the next
      // miss fills the budget again.
      now = DateTime.fromISO('2026-12-08T10:00:30.000Z', { zone: 'utc' });
      const later = run();
      expect(await missUntilStopped(later, { seconds: 1 })).toBe(1);
      expect(later.summary.earlierMisses).toBe(4);
    });

    it("pauses the corp's mobile lookups for 24 h from WeCom's 45009", async () => {
      const refused = run();
      expect(await refused.allowed()).toBe(true);
      await refused.blocked();
      expect(refused.summary).toEqual({
        misses: 0,
        stopped: 'blocked',
        until: '2026-12-08T10:00:00.000Z',
      });

      now = DateTime.fromISO('2026-12-08T09:59:59.000Z', { zone: 'utc' });
      const next = run();
      expect(await next.allowed()).toBe(false);
      expect(next.summary).toEqual({
        misses: 0,
        stopped: 'blocked',
        blockedEarlier: true,
        until: '2026-12-08T10:00:00.000Z',
      });
      expect(next.skipReason).toMatch(
        /45009.*in an earlier run, so they are paused until 2026-12-08 10:00 UTC/,
      );

      now = DateTime.fromISO('2026-12-08T10:00:01.000Z', { zone: 'utc' });
      expect(await run().allowed()).toBe(true);
    });

    it('reports the same end of a block as the next run sees when two lookups in flight got 45009', async () => {
      const refused = run();
      expect(await refused.allowed()).toBe(true);
      expect(await refused.allowed()).toBe(true);
      // The later 45009's write finishes first.
      const recordBlock = budget.recordBlock.bind(budget);
      let releaseEarlier!: () => void;
      const earlierHeld = new Promise<void>(r => (releaseEarlier = r));
      jest.spyOn(budget, 'recordBlock').mockImplementationOnce(async corpId => {
        const until = await recordBlock(corpId);
        await earlierHeld;
        return until;
      });
      const earlier = refused.blocked();
      await new Promise(r => setTimeout(r, 50));
      now = now.plus({ milliseconds: 3 });
      await refused.blocked();
      releaseEarlier();
      await earlier;

      const next = run();
      expect(await next.allowed()).toBe(false);
      expect(refused.summary.until).toBe('2026-12-08T10:00:00.003Z');
      expect(next.summary.until).toBe(refused.summary.until);
    });

    it('shares the budget between integrations of one corp, not between corps', async () => {
      await missUntilStopped(run('wwcorp'));

      // Another app of the same corp: the block would be the corp's.
      expect(await run('wwcorp').allowed()).toBe(false);
      expect(await missUntilStopped(run('wwothercorp'))).toBe(5);
    });

    it('never lets lookups in flight of one run pass the budget', async () => {
      // One-Click Link looks several members up at once: each of them
      // asked before any had missed, so a check alone would let them all go.
      const guard = run();
      let made = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          if (!(await guard.allowed())) return;
          made += 1;
          await new Promise(resolve => setTimeout(resolve, 20));
          await guard.missed();
        }),
      );
      expect(made).toBe(5);
      expect(guard.summary).toMatchObject({ misses: 5, stopped: 'missShare' });
    });

    it('sizes the budget by the members the run knows: 10 % of them', async () => {
      const guard = new MobileLookupGuard({
        corpId: 'wwcorp',
        budget,
        knownMembers: 120,
      });
      expect(await missUntilStopped(guard)).toBe(12);
    });
  },
);

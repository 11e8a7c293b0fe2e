import { WeComAnalytics } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { AnalyticsQuery, parseAnalyticsQuery } from './analyticsQuery';
import { CachedAnalytics } from './cachedAnalytics';

const T0 = DateTime.fromISO('2026-12-07T10:00:00Z', { zone: 'utc' });

/** Counts the reads of the figures (the database queries behind them). */
function world() {
  let now = T0;
  const reads: AnalyticsQuery[] = [];
  let fail = false;
  let gate: Promise<void> | undefined;
  let open = () => {};
  const inner = {
    analytics: async (query: AnalyticsQuery) => {
      reads.push(query);
      if (gate) await gate;
      if (fail) throw new Error('database is down');
      return {
        groupBy: query.groupBy,
        reads: reads.length,
      } as unknown as WeComAnalytics;
    },
  };
  const cached = new CachedAnalytics(inner, { now: () => now.toMillis() });
  return {
    cached,
    reads,
    ask: (raw: Record<string, string>) =>
      cached.analytics(parseAnalyticsQuery(raw, now)),
    later: (seconds: number) => {
      now = now.plus({ seconds });
    },
    failing: (value: boolean) => {
      fail = value;
    },
    hold: () => {
      gate = new Promise<void>(resolve => {
        open = resolve;
      });
    },
    go: () => {
      gate = undefined;
      open();
    },
  };
}

describe('the Insights cache', () => {
  it('answers the same query from memory for 60 seconds, then reads again', async () => {
    const w = world();
    const query = { groupBy: 'team', from: '2026-11-01', to: '2026-11-08' };
    const first = await w.ask(query);
    expect(await w.ask(query)).toBe(first);
    w.later(59);
    expect(await w.ask(query)).toBe(first);
    expect(w.reads).toHaveLength(1);
    w.later(2);
    expect(await w.ask(query)).not.toBe(first);
    expect(w.reads).toHaveLength(2);
  });

  it('keys by the whole query: another group, key, window or zone is read anew', async () => {
    const w = world();
    await w.ask({ groupBy: 'team' });
    await w.ask({ groupBy: 'service' });
    await w.ask({ groupBy: 'team', key: 'sre' });
    await w.ask({ groupBy: 'team', tz: 'Asia/Shanghai' });
    await w.ask({ groupBy: 'team', from: '2026-11-01' });
    expect(w.reads).toHaveLength(5);
    // "The last 30 days up to now" is one query while it is cached, though
    // its window moves with the clock; the same key spelled otherwise too.
    w.later(10);
    await w.ask({ groupBy: 'team' });
    await w.ask({ groupBy: 'team', key: 'group:default/sre' });
    expect(w.reads).toHaveLength(5);
  });

  it('reads once for identical queries at the same time, and keeps no failure', async () => {
    const w = world();
    w.hold();
    const both = Promise.all([
      w.ask({ groupBy: 'team' }),
      w.ask({ groupBy: 'team' }),
    ]);
    w.go();
    const [a, b] = await both;
    expect(a).toBe(b);
    expect(w.reads).toHaveLength(1);

    w.failing(true);
    await expect(w.ask({ groupBy: 'service' })).rejects.toThrow(
      'database is down',
    );
    w.failing(false);
    await expect(w.ask({ groupBy: 'service' })).resolves.toBeDefined();
    expect(w.reads).toHaveLength(3);
  });

  it('keeps at most 100 answers, dropping the oldest', async () => {
    const w = world();
    for (let day = 1; day <= 101; day++) {
      const from = T0.minus({ days: 200 - day }).toISODate()!;
      await w.ask({ groupBy: 'team', from });
    }
    expect(w.reads).toHaveLength(101);
    expect(w.cached.size).toBe(100);
    await w.ask({
      groupBy: 'team',
      from: T0.minus({ days: 199 }).toISODate()!,
    });
    expect(w.reads).toHaveLength(102);
  });
});

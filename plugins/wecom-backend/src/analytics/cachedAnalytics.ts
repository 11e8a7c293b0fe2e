import { WeComAnalytics } from 'backstage-plugin-wecom-common';
import { AnalyticsQuery } from './analyticsQuery';
import { AnalyticsService } from './AnalyticsService';

/** What the route asks of the figures. */
export type AnalyticsFigures = Pick<AnalyticsService, 'analytics'>;

/** How long an answer is reused. */
export const ANALYTICS_CACHE_TTL_MS = 60_000;
/** Answers kept at most; the oldest go first. */
export const ANALYTICS_CACHE_MAX_ENTRIES = 100;

interface Entry {
  expiresAt: number;
  answer: Promise<WeComAnalytics>;
}

/**
 * The Insights figures, each answer reused for a minute. Every answer reads
 * up to 20,000 incidents and pages and scans the timeline with a `LIKE`:
 * a page opened by a whole team, or reloaded, should not repeat that. The
 * answer does not depend on who asks (one permission, no per-user
 * filtering), so one answer serves every caller. Identical queries at the
 * same time share one read; a failed read is not kept. In memory, per
 * replica: figures a minute old are fine for a dashboard of days.
 */
export class CachedAnalytics implements AnalyticsFigures {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly inner: AnalyticsFigures,
    private readonly options: {
      ttlMs?: number;
      maxEntries?: number;
      /** Milliseconds since the epoch; tests move it. */
      now?: () => number;
    } = {},
  ) {}

  /** Answers kept now (expired ones included until asked again). */
  get size(): number {
    return this.entries.size;
  }

  analytics(query: AnalyticsQuery): Promise<WeComAnalytics> {
    const now = this.options.now?.() ?? Date.now();
    const key = query.asked;
    const found = this.entries.get(key);
    if (found && found.expiresAt > now) return found.answer;
    this.entries.delete(key);

    const answer = this.inner.analytics(query);
    this.entries.set(key, {
      expiresAt: now + (this.options.ttlMs ?? ANALYTICS_CACHE_TTL_MS),
      answer,
    });
    answer.catch(() => {
      // Only this failed read goes; a later one may have replaced it.
      if (this.entries.get(key)?.answer === answer) this.entries.delete(key);
    });
    // A Map iterates in insertion order: the first key is the oldest.
    const max = this.options.maxEntries ?? ANALYTICS_CACHE_MAX_ENTRIES;
    while (this.entries.size > max) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return answer;
  }
}

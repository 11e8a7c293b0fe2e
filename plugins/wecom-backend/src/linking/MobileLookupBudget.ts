import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { readTimestamp, writeTimestamp } from '../database/time';

const FAILURES = 'wecom_mobile_lookup_failures';

/**
 * WeCom's "day" of the mobile-lookup block. Pages 95402 and 96267 say
 * failures past 20 % of the seats "会导致1天不可调用" without saying whether the
 * day is a calendar day in China time or 24 hours: not documented. A rolling
 * 24 h window is the safer reading: it never forgets a miss earlier than a
 * calendar day would (a miss at 23:59 still counts at 00:01), and a block is
 * kept for 24 h from the 45009, at least as long as either reading.
 */
export const MOBILE_LOOKUP_WINDOW = Duration.fromObject({ hours: 24 });

/** Whether a corp may make one more mobile lookup now, and if not, until when. */
export type MobileLookupVerdict =
  | { allowed: true; misses: number }
  | {
      allowed: false;
      /** `missShare`: the day's misses reached the budget; `blocked`: a 45009. */
      reason: 'missShare' | 'blocked';
      /** Misses of the corp within the window. */
      misses: number;
      until: DateTime;
    };

/**
 * The corp's failed `user/getuserid` lookups over the rolling day, shared by
 * every One-Click Link run, every integration of the corp (the block is the
 * corp's, whichever app looked up) and every replica.
 */
export interface MobileLookupBudget {
  /** May the corp look one more member up by mobile, within `maxMisses`? */
  check(corpId: string, maxMisses: number): Promise<MobileLookupVerdict>;
  /** A mobile lookup found nobody. */
  recordMiss(corpId: string): Promise<void>;
  /** WeCom refused a mobile lookup (45009): blocked until the answer. */
  recordBlock(corpId: string): Promise<DateTime>;
}

/**
 * {@link MobileLookupBudget} in the plugin's database. Replicas that check at
 * the same moment may each make their lookup, so the misses can pass the
 * budget by the lookups in flight; the budget is half of WeCom's 20 % (see
 * `MobileLookupGuard`) to absorb that.
 */
export class DatabaseMobileLookupBudget implements MobileLookupBudget {
  readonly #knex: Knex;
  readonly #now: () => DateTime;

  constructor(knex: Knex, options: { now?: () => DateTime } = {}) {
    this.#knex = knex;
    this.#now = options.now ?? (() => DateTime.utc());
  }

  async check(corpId: string, maxMisses: number): Promise<MobileLookupVerdict> {
    const since = this.#now().minus(MOBILE_LOOKUP_WINDOW);
    const rows: Array<{ kind: string; at: unknown }> = await this.#knex(
      FAILURES,
    )
      .where({ corp_id: corpId })
      .andWhere('at', '>', writeTimestamp(since))
      .orderBy([
        { column: 'at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select('kind', 'at');
    const times = (kind: string) =>
      rows
        .filter(row => row.kind === kind)
        .map(row => readTimestamp(row.at))
        .filter((at): at is DateTime => at !== undefined);
    const misses = times('miss');
    const lastBlock = times('blocked').pop();
    if (lastBlock) {
      return {
        allowed: false,
        reason: 'blocked',
        misses: misses.length,
        until: lastBlock.plus(MOBILE_LOOKUP_WINDOW),
      };
    }
    if (misses.length < maxMisses) {
      return { allowed: true, misses: misses.length };
    }
    // Allowed again once enough of the oldest misses have left the window.
    const freedBy = misses[misses.length - Math.max(1, maxMisses)];
    return {
      allowed: false,
      reason: 'missShare',
      misses: misses.length,
      until: freedBy.plus(MOBILE_LOOKUP_WINDOW),
    };
  }

  async recordMiss(corpId: string): Promise<void> {
    await this.#record(corpId, 'miss', this.#now());
  }

  async recordBlock(corpId: string): Promise<DateTime> {
    const now = this.#now();
    await this.#record(corpId, 'blocked', now);
    return now.plus(MOBILE_LOOKUP_WINDOW);
  }

  async #record(corpId: string, kind: 'miss' | 'blocked', at: DateTime) {
    await this.#knex(FAILURES).insert({
      corp_id: corpId,
      kind,
      at: writeTimestamp(at),
    });
    // What left the window no longer counts for anything.
    await this.#knex(FAILURES)
      .where({ corp_id: corpId })
      .andWhere('at', '<=', writeTimestamp(at.minus(MOBILE_LOOKUP_WINDOW)))
      .delete();
  }
}

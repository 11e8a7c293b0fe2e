import { WeComLinkRun } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { MobileLookupBudget, MobileLookupVerdict } from './MobileLookupBudget';

/** Mobile misses a corp may always make in a day, however few members we know. */
const MIN_MISSES = 5;
/** Half of WeCom's 20 %: other apps' lookups and lookups in flight count too. */
const MISS_SHARE = 0.1;

type MobileLookups = NonNullable<WeComLinkRun['mobileLookups']>;

/**
 * Keeps One-Click Link from getting the corp's `user/getuserid` blocked.
 * WeCom blocks mobile lookups for a day once a day's failed lookups exceed
 * 20 % of the corp's seat limit ("若出错的次数超出企业人数上限的20%，会导致1天
 * 不可调用", pages 95402 and 96267). That budget is the corp's, not the run's:
 * misses are kept per corp over a rolling day in {@link MobileLookupBudget},
 * so a second run the same day, or a run of another integration of the corp,
 * spends what is left, not a new budget. We cannot read the seat limit, so
 * the run counts the members it knows exist (links already stored plus
 * members found in this run: a lower bound of the headcount, itself at most
 * the seat limit) and stops mobile lookups once the corp's misses of the day
 * reach 10 % of that, or five while it knows fewer than fifty members. A
 * corp with fewer than 25 seats could still be blocked by those five; it
 * links by hand or by annotation. Which errcode a blocked lookup answers is
 * not documented: we take go-workwx's 45009 (over the limit, from page
 * 90313), so a 45009 that outlives the client's retries stops the corp's
 * mobile lookups for a day from that moment.
 */
export class MobileLookupGuard {
  readonly #corpId: string;
  readonly #budget: MobileLookupBudget;
  #known: number;
  #misses = 0;
  #stopped?: MobileLookups['stopped'];
  #until?: DateTime;
  /** Misses of other runs of the corp within the window, when stopped. */
  #earlierMisses = 0;
  #blockedEarlier = false;
  /** Lookups allowed and not ended yet: each may still miss. */
  #inFlight = 0;
  readonly #waiting: Array<() => void> = [];

  /** @param knownMembers WeCom members linked before the run. */
  constructor(options: {
    corpId: string;
    budget: MobileLookupBudget;
    knownMembers: number;
  }) {
    this.#corpId = options.corpId;
    this.#budget = options.budget;
    this.#known = options.knownMembers;
  }

  /**
   * Whether the run may look one more member up by mobile now. A yes
   * reserves one miss of the budget until the lookup ends ({@link missed},
   * {@link blocked} or {@link settled}): the run's lookups run concurrently,
   * and each could miss. With the budget reserved by lookups in flight, this
   * waits for one of them to end and asks again.
   */
  async allowed(): Promise<boolean> {
    for (;;) {
      if (this.#stopped) return false;
      const max = this.#maxMisses();
      const verdict = await this.#budget.check(this.#corpId, max);
      if (this.#stopped) return false;
      if (verdict.allowed && verdict.misses + this.#inFlight < max) {
        this.#inFlight += 1;
        return true;
      }
      if (!verdict.allowed) return this.#stop(verdict);
      await new Promise<void>(resolve => this.#waiting.push(resolve));
    }
  }

  /** A mobile lookup ended without a miss (found, or failed otherwise). */
  settled() {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    for (const wake of this.#waiting.splice(0)) wake();
  }

  #stop(verdict: Exclude<MobileLookupVerdict, { allowed: true }>): false {
    this.#stopped = verdict.reason;
    this.#until = verdict.until;
    if (verdict.reason === 'blocked') this.#blockedEarlier = true;
    else this.#earlierMisses = Math.max(0, verdict.misses - this.#misses);
    return false;
  }

  /** A member was found (by any lookup): one more known to exist. */
  found() {
    this.#known += 1;
  }

  /** A mobile lookup found nobody. */
  async missed() {
    this.#misses += 1;
    try {
      await this.#budget.recordMiss(this.#corpId);
    } finally {
      this.settled();
    }
  }

  /** WeCom answered a mobile lookup with "over the limit" after retries. */
  async blocked() {
    // Set before the write: a lookup checking meanwhile must not take this
    // run's own 45009 for an earlier run's.
    this.#stopped = 'blocked';
    this.#blockedEarlier = false;
    try {
      // Lookups in flight may each get a 45009: the block lasts until the
      // latest one's end, as the corp's record says to the next run.
      const until = await this.#budget.recordBlock(this.#corpId);
      if (!this.#until || until > this.#until) this.#until = until;
    } finally {
      this.settled();
    }
  }

  #maxMisses() {
    return Math.max(MIN_MISSES, Math.floor(this.#known * MISS_SHARE));
  }

  /** What the run's result says about mobile lookups. */
  get summary(): MobileLookups {
    if (!this.#stopped) return { misses: this.#misses };
    return {
      misses: this.#misses,
      stopped: this.#stopped,
      ...(this.#until ? { until: this.#until.toUTC().toISO()! } : {}),
      ...(this.#earlierMisses > 0
        ? { earlierMisses: this.#earlierMisses }
        : {}),
      ...(this.#blockedEarlier ? { blockedEarlier: true } : {}),
    };
  }

  /** Why a user was not looked up by mobile. */
  get skipReason(): string {
    const at = this.#until?.toUTC().toFormat("yyyy-MM-dd HH:mm 'UTC'");
    if (this.#stopped === 'blocked') {
      const who = this.#blockedEarlier
        ? 'WeCom refused mobile lookups of this corp (45009, over the limit) in an earlier run'
        : 'WeCom refused mobile lookups (45009, over the limit; WeCom blocks them for a day when too many fail)';
      return `Not looked up by mobile: ${who}, so they are paused${
        at ? ` until ${at}` : ''
      }. Link by hand, add the work.weixin.qq.com/userid annotation, or run again after that`;
    }
    const earlier =
      this.#earlierMisses > 0
        ? ` (${
            this.#earlierMisses
          } of them in earlier runs of this corp's integrations in the last 24 hours)`
        : '';
    return `Not looked up by mobile: One-Click Link stopped mobile lookups after ${
      this.#misses + this.#earlierMisses
    } misses${earlier}, before WeCom blocks them for a day (more than 20 % of the corp's seats failing in a day)${
      at ? `; they may resume at ${at}` : ''
    }. Check the catalog's mobile numbers, link by hand or add the work.weixin.qq.com/userid annotation`;
  }
}

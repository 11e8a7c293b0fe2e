import { WeComLinkRun } from 'backstage-plugin-wecom-common';

/** Mobile misses a run may always make, however few members it knows. */
const MIN_MISSES = 5;
/** Half of WeCom's 20 %: earlier runs and other apps' lookups count too. */
const MISS_SHARE = 0.1;

/**
 * Keeps One-Click Link from getting the corp's `user/getuserid` blocked.
 * WeCom blocks mobile lookups for a day once a day's failed lookups exceed
 * 20 % of the corp's seat limit ("若出错的次数超出企业人数上限的20%，会导致1天
 * 不可调用", pages 95402 and 96267). We cannot read the seat limit, so the
 * run counts the members it knows exist (links already stored plus members
 * found in this run: a lower bound of the headcount, itself at most the seat
 * limit) and stops mobile lookups once its misses reach 10 % of that, or
 * five misses while it knows fewer than fifty members. A corp with fewer
 * than 25 seats could still be blocked by those five; it links by hand or by
 * annotation. Which errcode a blocked lookup answers is not documented: we
 * take go-workwx's 45009 (over the limit, from page 90313), so a 45009 that
 * outlives the client's retries also stops mobile lookups for the run.
 */
export class MobileLookupGuard {
  #known: number;
  #misses = 0;
  #stopped?: NonNullable<WeComLinkRun['mobileLookups']>['stopped'];

  /** @param knownMembers WeCom members linked before the run. */
  constructor(knownMembers: number) {
    this.#known = knownMembers;
  }

  /** Whether the run may still look members up by mobile. */
  get allowed(): boolean {
    return this.#stopped === undefined;
  }

  /** A member was found (by any lookup): one more known to exist. */
  found() {
    this.#known += 1;
  }

  /** A mobile lookup found nobody. */
  missed() {
    this.#misses += 1;
    const budget = Math.max(MIN_MISSES, Math.floor(this.#known * MISS_SHARE));
    if (this.#misses >= budget) this.#stopped ??= 'missShare';
  }

  /** WeCom answered a mobile lookup with "over the limit" after retries. */
  blocked() {
    this.#stopped = 'blocked';
  }

  /** What the run's result says about mobile lookups. */
  get summary(): WeComLinkRun['mobileLookups'] {
    return {
      misses: this.#misses,
      ...(this.#stopped ? { stopped: this.#stopped } : {}),
    };
  }

  /** Why a user was not looked up by mobile. */
  get skipReason(): string {
    return this.#stopped === 'blocked'
      ? 'Not looked up by mobile: WeCom refused mobile lookups (45009, over the limit; WeCom blocks them for a day when too many fail). Link by hand, add the work.weixin.qq.com/userid annotation, or run again tomorrow'
      : `Not looked up by mobile: One-Click Link stopped mobile lookups after ${
          this.#misses
        } misses, before WeCom blocks them for a day (more than 20 % of the corp's seats failing in a day). Check the catalog's mobile numbers, link by hand or add the work.weixin.qq.com/userid annotation`;
  }
}

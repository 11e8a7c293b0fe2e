import type { Knex } from 'knex';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/**
 * Waits until a WeCom call may be made. The client calls `acquire` before
 * every attempt with the API name (the path after `/cgi-bin/`, e.g.
 * `message/send`) and the corp id as key, plus once per recipient of
 * `message/send` with {@link WECOM_MESSAGE_PER_MEMBER} and
 * `corpId:agentId:userid` as key.
 *
 * @public
 */
export interface WeComRateLimiter {
  /**
   * Resolves once the call may be made. May reject with
   * {@link WeComOverBudgetError} where waiting would take too long (a
   * member's hourly message budget): the caller then defers the work.
   */
  acquire(api: string, key?: string): Promise<void>;
  /**
   * WeCom answered 45009 (rate limited) to a call of `api` made under
   * `key`: WeCom's limit is lower than our budget, so stop spending the
   * budget before bouncing again. Optional for custom limiters.
   */
  rejected?(api: string, key?: string): Promise<void>;
}

/**
 * The pseudo API name under which the client acquires one slot per
 * recipient of `message/send`.
 *
 * @public
 */
export const WECOM_MESSAGE_PER_MEMBER = 'message/send:member';

/**
 * A budget ran out for longer than is worth waiting: `key` may spend again
 * at `notBefore`.
 *
 * @public
 */
export class WeComOverBudgetError extends Error {
  readonly name = 'WeComOverBudgetError';

  constructor(
    readonly api: string,
    readonly key: string,
    readonly notBefore: Date,
  ) {
    super(
      `The ${api} budget of ${key} is spent until ${notBefore.toISOString()}`,
    );
  }
}

/**
 * `message/send` was not made: these recipients spent their per-member
 * budget (WeCom would drop the message for them without an error), and all
 * of them may receive again at `notBefore`.
 *
 * @public
 */
export class WeComRecipientsOverBudgetError extends Error {
  readonly name = 'WeComRecipientsOverBudgetError';

  constructor(readonly userIds: string[], readonly notBefore: Date) {
    super(
      `Not sent: ${userIds.join(
        ', ',
      )} got WeCom's per-member maximum of app messages (1,000 an hour by default); sending again at ${notBefore.toISOString()}`,
    );
  }
}

/**
 * The groups the default limiter keeps separate budgets for.
 *
 * @public
 */
export type WeComRateLimitGroup =
  | 'perCorpApi'
  | 'perCorpApiHour'
  | 'token'
  | 'lookup'
  | 'messagePerMember'
  | 'messagePerMemberHour';

/**
 * A budget of `points` calls per `durationSeconds`.
 *
 * @public
 */
export interface WeComRateLimit {
  points: number;
  durationSeconds: number;
}

/**
 * The default budgets. WeCom's published defaults (访问频率限制, page 90312
 * for in-house apps, the same text on 90454 for third-party apps):
 * "每企业调用单个cgi/api不可超过1万次/分，15万次/小时" (per corp per API) and
 * "每应用对同一个成员不可超过30次/分钟，1000次/小时，超过部分会被丢弃不下发"
 * (app messages per member). Messages over the per-member budgets are
 * dropped without an error, so only our own count keeps them from being
 * lost; a member over the hourly budget makes `acquire` reject with
 * {@link WeComOverBudgetError} rather than wait up to an hour, so the
 * outbox can defer that card and say so. (The page also says message/send
 * does not count against the per-API budget; counting it anyway only makes
 * us slower at 10,000 a minute.)
 *
 * The token and lookup budgets are ours: tokens are cached, so a burst of
 * token calls means a bug we should not let WeCom block us for; lookups
 * (One-Click Link) are spread so they leave room for incident traffic.
 * Daily quotas (messages per app, chats per corp) are not enforced here.
 *
 * @public
 */
export const DEFAULT_WECOM_RATE_LIMITS: Record<
  WeComRateLimitGroup,
  WeComRateLimit
> = {
  perCorpApi: { points: 10_000, durationSeconds: 60 },
  perCorpApiHour: { points: 150_000, durationSeconds: 3_600 },
  token: { points: 20, durationSeconds: 60 },
  lookup: { points: 1_200, durationSeconds: 60 },
  messagePerMember: { points: 30, durationSeconds: 60 },
  messagePerMemberHour: { points: 1_000, durationSeconds: 3_600 },
};

const TOKEN_APIS = new Set([
  'gettoken',
  'service/get_suite_token',
  'service/get_corp_token',
]);
const LOOKUP_APIS = new Set([
  'user/getuserid',
  'user/get_userid_by_email',
  'user/get',
]);

/** Which budgets a call to `api` spends, and under which limiter key. */
const RULES: Array<{
  group: WeComRateLimitGroup;
  applies(api: string): boolean;
  limiterKey(api: string, key: string): string;
  /** Reject with WeComOverBudgetError instead of waiting for a slot. */
  rejectWhenSpent?: boolean;
}> = [
  // Hourly budgets first: a call refused there spends no minute slot.
  {
    group: 'messagePerMemberHour',
    applies: api => api === WECOM_MESSAGE_PER_MEMBER,
    limiterKey: (_api, key) => key,
    rejectWhenSpent: true,
  },
  {
    group: 'perCorpApiHour',
    applies: api => api !== WECOM_MESSAGE_PER_MEMBER,
    limiterKey: (api, key) => `${key}|${api}`,
  },
  {
    group: 'perCorpApi',
    applies: api => api !== WECOM_MESSAGE_PER_MEMBER,
    limiterKey: (api, key) => `${key}|${api}`,
  },
  {
    group: 'token',
    applies: api => TOKEN_APIS.has(api),
    limiterKey: (_api, key) => key,
  },
  {
    group: 'lookup',
    applies: api => LOOKUP_APIS.has(api),
    limiterKey: (_api, key) => key,
  },
  {
    group: 'messagePerMember',
    applies: api => api === WECOM_MESSAGE_PER_MEMBER,
    limiterKey: (_api, key) => key,
  },
];

/**
 * Options of the default rate limiter.
 *
 * @public
 */
export interface WeComRateLimiterOptions {
  /** Override some budgets. */
  limits?: Partial<Record<WeComRateLimitGroup, WeComRateLimit>>;
  /** For tests. */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * The default {@link WeComRateLimiter}: one rate-limiter-flexible limiter per
 * group. A caller over budget waits (it does not fail) until a slot frees.
 *
 * A small loop over `consume()` instead of rate-limiter-flexible's
 * `RateLimiterQueue`: the queue only works within one process and on real
 * timers, while this loop waits the same way on a shared PostgreSQL store
 * and takes an injected sleep in tests.
 *
 * @public
 */
export class FlexibleWeComRateLimiter implements WeComRateLimiter {
  readonly #limiters: Record<WeComRateLimitGroup, RateLimiterAbstract>;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(
    limiters: Record<WeComRateLimitGroup, RateLimiterAbstract>,
    sleep: (ms: number) => Promise<void> = realSleep,
  ) {
    this.#limiters = limiters;
    this.#sleep = sleep;
  }

  async acquire(api: string, key = 'default'): Promise<void> {
    for (const rule of RULES) {
      if (!rule.applies(api)) continue;
      const limiter = this.#limiters[rule.group];
      const limiterKey = rule.limiterKey(api, key);
      if (rule.rejectWhenSpent) {
        await this.#consumeOrReject(limiter, limiterKey, api, key);
      } else {
        await this.#waitForSlot(limiter, limiterKey);
      }
    }
  }

  /**
   * After a 45009 on a directory lookup, lookups pause for one budget
   * window: WeCom's window has then renewed, while bouncing on would spend
   * each user's few retries within the exhausted window and fail them.
   * Lookups are bulk background work (One-Click Link), so waiting is cheap.
   * Other APIs are not paused: their 45009 may be one member's limit, and
   * incident cards must not wait on a guess.
   */
  async rejected(api: string, key = 'default'): Promise<void> {
    if (!LOOKUP_APIS.has(api)) return;
    const lookups = this.#limiters.lookup;
    await lookups.block(key, lookups.duration);
  }

  async #consumeOrReject(
    limiter: RateLimiterAbstract,
    limiterKey: string,
    api: string,
    key: string,
  ) {
    try {
      await limiter.consume(limiterKey);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new WeComOverBudgetError(
        api,
        key,
        new Date(Date.now() + Math.max(rejection.msBeforeNext, 1)),
      );
    }
  }

  async #waitForSlot(limiter: RateLimiterAbstract, key: string) {
    for (;;) {
      try {
        await limiter.consume(key);
        return;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) {
          throw rejection;
        }
        await this.#sleep(Math.max(rejection.msBeforeNext, 1));
      }
    }
  }
}

function resolveLimits(
  options: WeComRateLimiterOptions | undefined,
): Record<WeComRateLimitGroup, WeComRateLimit> {
  return { ...DEFAULT_WECOM_RATE_LIMITS, ...options?.limits };
}

function memoryLimiter(group: WeComRateLimitGroup, limit: WeComRateLimit) {
  return memoryBudget({ keyPrefix: `wecom_${group}`, ...limit });
}

/** A budget of `points` per `durationSeconds`, counted under `keyPrefix`. */
export interface RateBudget extends WeComRateLimit {
  keyPrefix: string;
}

/** A budget kept in this process only. */
export function memoryBudget(budget: RateBudget): RateLimiterMemory {
  return new RateLimiterMemory({
    keyPrefix: budget.keyPrefix,
    points: budget.points,
    duration: budget.durationSeconds,
  });
}

const GROUPS = Object.keys(DEFAULT_WECOM_RATE_LIMITS) as WeComRateLimitGroup[];

/**
 * A limiter whose budgets live in this process only.
 *
 * @public
 */
export function createMemoryWeComRateLimiter(
  options?: WeComRateLimiterOptions,
): WeComRateLimiter {
  const limits = resolveLimits(options);
  const limiters = Object.fromEntries(
    GROUPS.map(group => [group, memoryLimiter(group, limits[group])]),
  ) as Record<WeComRateLimitGroup, RateLimiterAbstract>;
  return new FlexibleWeComRateLimiter(limiters, options?.sleep);
}

/** The table rate-limiter-flexible keeps the shared budgets in. */
export const WECOM_RATE_LIMIT_TABLE = 'wecom_rate_limits';

function isPostgres(knex: Knex): boolean {
  return (knex.client as { dialect?: string }).dialect === 'postgresql';
}

/**
 * A budget the replicas share on PostgreSQL, in the `wecom_rate_limits`
 * table; in this process otherwise (SQLite is a single-process setup).
 * Only the first limiter built creates the table (`tableCreated` false):
 * concurrent `CREATE TABLE IF NOT EXISTS` can collide in PostgreSQL.
 */
export async function sharedBudget(
  knex: Knex,
  budget: RateBudget,
  options: { tableCreated: boolean },
): Promise<RateLimiterAbstract> {
  if (!isPostgres(knex)) return memoryBudget(budget);
  let limiter: RateLimiterAbstract | undefined;
  // The constructor reports readiness (the table exists) through a
  // callback, which may run before it returns.
  await new Promise<void>((resolve, reject) => {
    limiter = new RateLimiterPostgres(
      {
        storeClient: knex,
        storeType: 'knex',
        tableName: WECOM_RATE_LIMIT_TABLE,
        tableCreated: options.tableCreated,
        keyPrefix: budget.keyPrefix,
        points: budget.points,
        duration: budget.durationSeconds,
        // If PostgreSQL is briefly unreachable, limit within this process
        // rather than failing the call or letting every call through.
        insuranceLimiter: memoryBudget(budget),
      },
      (error?: Error) => (error ? reject(error) : resolve()),
    );
  });
  return limiter!;
}

/**
 * The limiter for the plugin: pass the plugin's database.
 *
 * On PostgreSQL the budgets live in the `wecom_rate_limits` table
 * (rate-limiter-flexible's `RateLimiterPostgres` with `storeType: 'knex'`, the
 * table created by the library on first use), so several backend replicas
 * share WeCom's per-corp and per-member limits instead of each spending the
 * whole budget. On SQLite (a single-process development setup) and without a
 * database the budgets are kept in memory.
 *
 * @public
 */
export async function createWeComRateLimiter(
  options: WeComRateLimiterOptions & { knex?: Knex } = {},
): Promise<WeComRateLimiter> {
  const { knex } = options;
  if (!knex || !isPostgres(knex)) {
    return createMemoryWeComRateLimiter(options);
  }
  const limits = resolveLimits(options);
  const limiters = {} as Record<WeComRateLimitGroup, RateLimiterAbstract>;
  // Sequentially, and only the first one creates the table: concurrent
  // `CREATE TABLE IF NOT EXISTS` can collide in PostgreSQL.
  for (const [index, group] of GROUPS.entries()) {
    limiters[group] = await sharedBudget(
      knex,
      { keyPrefix: `wecom_${group}`, ...limits[group] },
      { tableCreated: index > 0 },
    );
  }
  return new FlexibleWeComRateLimiter(limiters, options.sleep);
}

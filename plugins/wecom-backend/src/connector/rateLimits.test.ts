import { createTestDatabases } from '../__testUtils__/databases';
import {
  DEFAULT_WECOM_RATE_LIMITS,
  WECOM_MESSAGE_PER_MEMBER,
  WECOM_RATE_LIMIT_TABLE,
  WeComOverBudgetError,
  createMemoryWeComRateLimiter,
  createWeComRateLimiter,
} from './rateLimits';

/** Whether `promise` settled after letting every queued callback run. */
async function isSettled(promise: Promise<unknown>) {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await jest.advanceTimersByTimeAsync(0);
  return settled;
}

describe('the default rate limiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2025, 0, 1) }));
  afterEach(() => jest.useRealTimers());

  it('makes the 31st message to one member in a minute wait for the next minute', async () => {
    const limiter = createMemoryWeComRateLimiter();
    const member = 'wwcorp:1000002:zhangsan';
    for (let i = 0; i < 30; i++) {
      await limiter.acquire(WECOM_MESSAGE_PER_MEMBER, member);
    }

    const thirtyFirst = limiter.acquire(WECOM_MESSAGE_PER_MEMBER, member);

    expect(await isSettled(thirtyFirst)).toBe(false);
    await jest.advanceTimersByTimeAsync(59_000);
    expect(await isSettled(thirtyFirst)).toBe(false);
    await jest.advanceTimersByTimeAsync(1_500);
    expect(await isSettled(thirtyFirst)).toBe(true);
  });

  it('refuses the 1,001st message to one member in an hour, saying when the budget frees, instead of waiting', async () => {
    const limiter = createMemoryWeComRateLimiter({
      limits: { messagePerMember: { points: 10_000, durationSeconds: 60 } },
    });
    const member = 'wwcorp:1000002:zhangsan';
    for (let i = 0; i < 1000; i++) {
      await limiter.acquire(WECOM_MESSAGE_PER_MEMBER, member);
    }
    await jest.advanceTimersByTimeAsync(30 * 60_000);

    const refusal = await limiter
      .acquire(WECOM_MESSAGE_PER_MEMBER, member)
      .catch(e => e);

    expect(refusal).toBeInstanceOf(WeComOverBudgetError);
    expect(refusal.key).toBe(member);
    expect(refusal.notBefore.getTime()).toBe(Date.UTC(2025, 0, 1, 1));
    expect(
      await isSettled(
        limiter.acquire(WECOM_MESSAGE_PER_MEMBER, 'wwcorp:1000002:lisi'),
      ),
    ).toBe(true);
  });

  it('limits each API per corp to 150,000 calls an hour', async () => {
    const limiter = createMemoryWeComRateLimiter({
      limits: {
        perCorpApi: { points: 1_000_000, durationSeconds: 60 },
        perCorpApiHour: { points: 2, durationSeconds: 3600 },
      },
    });
    expect(DEFAULT_WECOM_RATE_LIMITS.perCorpApiHour).toEqual({
      points: 150_000,
      durationSeconds: 3600,
    });
    await limiter.acquire('user/get', 'wwcorp');
    await limiter.acquire('user/get', 'wwcorp');
    const third = limiter.acquire('user/get', 'wwcorp');
    expect(await isSettled(third)).toBe(false);
    await jest.advanceTimersByTimeAsync(3600_000);
    expect(await isSettled(third)).toBe(true);
  });

  it('keeps separate budgets per member', async () => {
    const limiter = createMemoryWeComRateLimiter({
      limits: { messagePerMember: { points: 1, durationSeconds: 60 } },
    });
    await limiter.acquire(WECOM_MESSAGE_PER_MEMBER, 'wwcorp:1:zhangsan');

    expect(
      await isSettled(
        limiter.acquire(WECOM_MESSAGE_PER_MEMBER, 'wwcorp:1:lisi'),
      ),
    ).toBe(true);
    expect(
      await isSettled(
        limiter.acquire(WECOM_MESSAGE_PER_MEMBER, 'wwcorp:1:zhangsan'),
      ),
    ).toBe(false);
  });

  it('limits each API per corp separately', async () => {
    const limiter = createMemoryWeComRateLimiter({
      limits: { perCorpApi: { points: 2, durationSeconds: 60 } },
    });
    await limiter.acquire('appchat/send', 'wwcorp');
    await limiter.acquire('appchat/send', 'wwcorp');

    expect(await isSettled(limiter.acquire('appchat/get', 'wwcorp'))).toBe(
      true,
    );
    expect(await isSettled(limiter.acquire('appchat/send', 'wwother'))).toBe(
      true,
    );
    expect(await isSettled(limiter.acquire('appchat/send', 'wwcorp'))).toBe(
      false,
    );
  });

  it('spends the lookup budget on phone, email and user lookups together', async () => {
    const limiter = createMemoryWeComRateLimiter({
      limits: { lookup: { points: 2, durationSeconds: 60 } },
    });
    await limiter.acquire('user/getuserid', 'wwcorp');
    await limiter.acquire('user/get_userid_by_email', 'wwcorp');

    expect(await isSettled(limiter.acquire('user/get', 'wwcorp'))).toBe(false);
    expect(await isSettled(limiter.acquire('message/send', 'wwcorp'))).toBe(
      true,
    );
  });

  it('pauses lookups for a window once WeCom said 45009 to one, but never messages', async () => {
    const limiter = createMemoryWeComRateLimiter({
      limits: { lookup: { points: 1_000, durationSeconds: 60 } },
    });
    await limiter.acquire('user/getuserid', 'wwcorp');
    await limiter.rejected!('user/getuserid', 'wwcorp');

    const next = limiter.acquire('user/get_userid_by_email', 'wwcorp');
    expect(await isSettled(next)).toBe(false);
    // Another corp's lookups and this corp's messages go on.
    expect(await isSettled(limiter.acquire('user/getuserid', 'wwother'))).toBe(
      true,
    );
    await limiter.rejected!('message/send', 'wwcorp');
    expect(await isSettled(limiter.acquire('message/send', 'wwcorp'))).toBe(
      true,
    );

    await jest.advanceTimersByTimeAsync(59_000);
    expect(await isSettled(next)).toBe(false);
    await jest.advanceTimersByTimeAsync(1_500);
    expect(await isSettled(next)).toBe(true);
  });

  it('limits token fetches more tightly than other calls', async () => {
    const limiter = createMemoryWeComRateLimiter();
    for (let i = 0; i < 20; i++) {
      await limiter.acquire('gettoken', 'wwcorp');
    }
    expect(await isSettled(limiter.acquire('gettoken', 'wwcorp'))).toBe(false);
  });
});

describe('createWeComRateLimiter', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'limits calls on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const options = {
        knex,
        limits: { messagePerMember: { points: 1, durationSeconds: 60 } },
        sleep: jest.fn(async () => {}),
      };
      const replicaA = await createWeComRateLimiter(options);
      const replicaB = await createWeComRateLimiter(options);

      await replicaA.acquire(WECOM_MESSAGE_PER_MEMBER, 'wwcorp:1:zhangsan');
      // Let the waiting acquire give up after a few sleeps.
      let sleeps = 0;
      options.sleep.mockImplementation(async () => {
        sleeps += 1;
        if (sleeps > 2) throw new Error('still waiting');
      });
      const second = replicaB.acquire(
        WECOM_MESSAGE_PER_MEMBER,
        'wwcorp:1:zhangsan',
      );

      const outcome = await second.then(
        () => 'acquired',
        (error: Error) => error.message,
      );

      // PostgreSQL: replicas share the budget through the database.
      // SQLite means one process: each limiter keeps its own budget.
      const onPostgres = databaseId.startsWith('POSTGRES');
      expect({
        outcome,
        table: await knex.schema.hasTable(WECOM_RATE_LIMIT_TABLE),
      }).toEqual(
        onPostgres
          ? { outcome: 'still waiting', table: true }
          : { outcome: 'acquired', table: false },
      );
    },
  );
});

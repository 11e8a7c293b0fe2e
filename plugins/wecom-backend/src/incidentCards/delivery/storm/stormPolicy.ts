import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { Duration } from 'luxon';

/**
 * When a member gets cards of their own, and when their incidents wait in
 * a digest message instead.
 *
 * WeCom drops app messages to a member beyond 30 a minute and 1,000 an
 * hour per app, without an error ("每应用对同一个成员不可超过30次/分钟，
 * 1000次/小时，超过部分会被丢弃不下发", 访问频率限制, page 90454; the
 * in-house copy is page 90312). The connector's limiter never sends over
 * those (`connector/rateLimits.ts`); this policy keeps a member well below
 * them, so a storm costs each person a few cards that count what they hold
 * instead of a queue of cards trickling out for an hour.
 */
export interface StormPolicy {
  /** A member gets a card of their own while they got fewer in the last minute. */
  cardsPerMinute: number;
  /** … and fewer than this in the last hour. */
  cardsPerHour: number;
  /** A new digest waits this long for more incidents before it goes out. */
  digestDelay: Duration;
  /** A member's digests go out at least this far apart. */
  digestInterval: Duration;
}

/**
 * 10 a minute and 300 an hour leave room under WeCom's 30 and 1,000 for
 * the digests (at most one a minute), escalation re-sends that raced past
 * the count, and other apps' habits we cannot see. A digest waits 10 s so
 * the first burst lands in one message.
 */
export const DEFAULT_STORM_POLICY: StormPolicy = {
  cardsPerMinute: 10,
  cardsPerHour: 300,
  digestDelay: Duration.fromObject({ seconds: 10 }),
  digestInterval: Duration.fromObject({ seconds: 60 }),
};

const KEY = 'wecom.notifications.storm';

/**
 * `wecom.notifications.storm`: the bounds keep every member under WeCom's
 * limits with the digests counted (a digest a minute at most, so at most
 * 29 cards a minute and 940 an hour of a member's own).
 */
export function readStormPolicy(config: Config): StormPolicy {
  const storm = config.getOptionalConfig(KEY);
  if (!storm) return DEFAULT_STORM_POLICY;
  const read = (name: string, min: number, max: number, fallback: number) => {
    const value = storm.getOptionalNumber(name);
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InputError(
        `${KEY}.${name} must be a whole number from ${min} to ${max}, got ${value}`,
      );
    }
    return value;
  };
  const d = DEFAULT_STORM_POLICY;
  return {
    cardsPerMinute: read('cardsPerMinute', 1, 29, d.cardsPerMinute),
    cardsPerHour: read('cardsPerHour', 1, 940, d.cardsPerHour),
    digestDelay: Duration.fromObject({
      seconds: read('digestDelaySeconds', 0, 300, d.digestDelay.as('seconds')),
    }),
    digestInterval: Duration.fromObject({
      seconds: read(
        'digestIntervalSeconds',
        60,
        3_600,
        d.digestInterval.as('seconds'),
      ),
    }),
  };
}

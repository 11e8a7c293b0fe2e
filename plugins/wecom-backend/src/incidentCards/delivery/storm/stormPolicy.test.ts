import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { DEFAULT_STORM_POLICY, readStormPolicy } from './stormPolicy';

const storm = (values: JsonObject) =>
  readStormPolicy(
    new ConfigReader({ wecom: { notifications: { storm: values } } }),
  );

describe('readStormPolicy', () => {
  it('defaults to 10 cards a minute and 300 an hour, digests 10 s after the first and a minute apart', () => {
    expect(readStormPolicy(new ConfigReader({}))).toBe(DEFAULT_STORM_POLICY);
    expect(DEFAULT_STORM_POLICY.cardsPerMinute).toBe(10);
    expect(DEFAULT_STORM_POLICY.cardsPerHour).toBe(300);
    expect(DEFAULT_STORM_POLICY.digestDelay.as('seconds')).toBe(10);
    expect(DEFAULT_STORM_POLICY.digestInterval.as('seconds')).toBe(60);
  });

  it('takes values that keep a member under WeCom’s 30 a minute and 1,000 an hour with the digests', () => {
    const policy = storm({
      cardsPerMinute: 20,
      cardsPerHour: 600,
      digestDelaySeconds: 0,
      digestIntervalSeconds: 120,
    });
    expect(policy.cardsPerMinute).toBe(20);
    expect(policy.cardsPerHour).toBe(600);
    expect(policy.digestDelay.as('seconds')).toBe(0);
    expect(policy.digestInterval.as('seconds')).toBe(120);
  });

  it.each([
    [
      { cardsPerMinute: 30 },
      /cardsPerMinute must be a whole number from 1 to 29, got 30/,
    ],
    [
      { cardsPerHour: 1000 },
      /cardsPerHour must be a whole number from 1 to 940/,
    ],
    [
      { digestIntervalSeconds: 10 },
      /digestIntervalSeconds must be a whole number from 60/,
    ],
    [{ cardsPerMinute: 2.5 }, /got 2.5/],
  ])(
    'refuses %p, which could put a member over WeCom’s limits',
    (values, reason) => {
      expect(() => storm(values)).toThrow(reason);
    },
  );
});

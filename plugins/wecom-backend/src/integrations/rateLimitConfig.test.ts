import { ConfigReader } from '@backstage/config';
import { readRateLimits } from './rateLimitConfig';

const config = (rateLimits: unknown) =>
  new ConfigReader({ wecom: { rateLimits } } as any);

describe('wecom.rateLimits', () => {
  it('keeps the defaults when absent', () => {
    expect(readRateLimits(new ConfigReader({}))).toEqual({});
  });

  it('overrides only the budgets given', () => {
    expect(
      readRateLimits(config({ lookup: { points: 600, durationSeconds: 60 } })),
    ).toEqual({ lookup: { points: 600, durationSeconds: 60 } });
  });

  it('fails at start-up naming the key of a mistake', () => {
    expect(() =>
      readRateLimits(config({ lookup: { points: 0, durationSeconds: 60 } })),
    ).toThrow(/wecom\.rateLimits\.lookup\.points/);
    expect(() =>
      readRateLimits(config({ lookups: { points: 5, durationSeconds: 60 } })),
    ).toThrow(/wecom\.rateLimits/);
  });
});

import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_WORKSPACE_RATE_LIMIT,
  WorkspaceRateLimiter,
  clientKey,
  readWorkspaceRateLimit,
} from './WorkspaceRateLimiter';

describe('clientKey', () => {
  it('counts an IPv6 client by its /64, whichever way the address is written', () => {
    const key = clientKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    // Rotating through the /64 does not buy a fresh budget.
    expect(clientKey('2001:0DB8:0001:0002:ffff:ffff:ffff:fffe')).toBe(key);
    expect(clientKey('2001:db8:1:3::1')).not.toBe(key);
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });

  it('counts an IPv4-mapped address as the IPv4 client', () => {
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('puts requests without an address in one bucket', () => {
    expect(clientKey(undefined)).toBe('unknown');
  });
});

describe('WorkspaceRateLimiter', () => {
  it('answers when to come back once a key is over its budget', async () => {
    const limiter = WorkspaceRateLimiter.inMemory({
      points: 2,
      durationSeconds: 30,
    });
    expect(await limiter.consume('a')).toEqual({ ok: true });
    expect(await limiter.consume('a')).toEqual({ ok: true });
    const over = await limiter.consume('a');
    expect(over.ok).toBe(false);
    expect(!over.ok && over.retryAfterSeconds).toBeGreaterThan(0);
    expect(!over.ok && over.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(await limiter.consume('b')).toEqual({ ok: true });
  });
});

describe('readWorkspaceRateLimit', () => {
  it('defaults, and refuses a bad budget naming the key', () => {
    expect(readWorkspaceRateLimit(new ConfigReader({}))).toEqual(
      DEFAULT_WORKSPACE_RATE_LIMIT,
    );
    expect(() =>
      readWorkspaceRateLimit(
        new ConfigReader({
          wecom: { workspaceLogin: { rateLimit: { points: 0 } } },
        }),
      ),
    ).toThrow(/wecom\.workspaceLogin\.rateLimit\.points/);
  });
});

import { isIPv4 } from 'node:net';
import { Config } from '@backstage/config';
import type { Knex } from 'knex';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { memoryBudget, sharedBudget } from '../connector/rateLimits';
import { readRateBudget } from '../integrations/rateLimitConfig';

/** A budget of `points` requests per `durationSeconds`. */
export interface WorkspaceRateLimit {
  points: number;
  durationSeconds: number;
}

/**
 * Per client and route: a big office behind one NAT address opening the app
 * at 9:00 stays under it; a script minting states and spending WeCom's
 * `auth/getuserinfo` quota does not.
 */
export const DEFAULT_WORKSPACE_RATE_LIMIT: WorkspaceRateLimit = {
  points: 60,
  durationSeconds: 60,
};

const CONFIG_KEY = 'wecom.workspaceLogin.rateLimit';
const KEY_PREFIX = 'wecom_workspace';

/** `wecom.workspaceLogin.rateLimit`; a mistake fails at start-up. */
export function readWorkspaceRateLimit(config: Config): WorkspaceRateLimit {
  return readRateBudget(config, CONFIG_KEY) ?? DEFAULT_WORKSPACE_RATE_LIMIT;
}

/** The outcome of {@link WorkspaceRateLimiter.consume}. */
export type WorkspaceRateLimitCheck =
  | { ok: true }
  | { ok: false; retryAfterSeconds: number };

/**
 * Limits the unauthenticated workspace-login routes (and the confirmation's
 * WeCom lookup) per client. On PostgreSQL the counters live in the table
 * the connector's limiter uses, so replicas share them: a client spread
 * over replicas by the load balancer gets one budget, not one per replica.
 */
export class WorkspaceRateLimiter {
  private constructor(private readonly limiter: RateLimiterAbstract) {}

  static inMemory(limit: WorkspaceRateLimit): WorkspaceRateLimiter {
    return new WorkspaceRateLimiter(
      memoryBudget({ keyPrefix: KEY_PREFIX, ...limit }),
    );
  }

  /**
   * Shared by replicas on PostgreSQL, in memory otherwise (SQLite is a
   * single-process setup). Build it after the connector's limiter: that one
   * creates the table.
   */
  static async create(options: {
    knex: Knex;
    limit: WorkspaceRateLimit;
  }): Promise<WorkspaceRateLimiter> {
    const { knex, limit } = options;
    return new WorkspaceRateLimiter(
      await sharedBudget(
        knex,
        { keyPrefix: KEY_PREFIX, ...limit },
        { tableCreated: true },
      ),
    );
  }

  /** Spends one request of `key`'s budget, or says when to come back. */
  async consume(key: string): Promise<WorkspaceRateLimitCheck> {
    try {
      await this.limiter.consume(key);
      return { ok: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return {
          ok: false,
          retryAfterSeconds: Math.max(
            1,
            Math.ceil(rejection.msBeforeNext / 1000),
          ),
        };
      }
      throw rejection;
    }
  }
}

/**
 * The client a request counts against: its address as Express reports it
 * (`req.ip`, which honours `backend.trustProxy`; without it, every client
 * behind a reverse proxy is the proxy). IPv4-mapped IPv6 counts as the IPv4
 * address; other IPv6 addresses count by their /64, since one subscriber
 * usually holds a whole /64 and could otherwise rotate through it.
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(.+)$/i.exec(ip)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (!ip.includes(':')) return ip;
  try {
    // The WHATWG URL parser writes IPv6 in its canonical compressed form
    // (lower case, embedded IPv4 in hex), which is easy to expand.
    const canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
    const [head, tail] = canonical.split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups =
      tail === undefined
        ? left
        : [
            ...left,
            ...Array(8 - left.length - right.length).fill('0'),
            ...right,
          ];
    return `${groups.slice(0, 4).join(':')}::/64`;
  } catch {
    return ip; // e.g. a zone id (fe80::1%eth0): link-local, count as is
  }
}

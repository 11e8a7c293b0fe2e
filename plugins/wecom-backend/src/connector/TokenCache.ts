import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';

/** How long before WeCom's expiry a token is refreshed. */
export const TOKEN_REFRESH_MARGIN_SECONDS = 300;

/** A freshly fetched token and WeCom's `expires_in`. */
export interface FetchedToken {
  token: string;
  expiresInSeconds: number;
}

// A type alias, not an interface: the cache service only stores JSON values.
type CachedToken = {
  token: string;
  /** Epoch ms after which the token is refetched (before WeCom expires it). */
  refreshAt: number;
};

/**
 * A short, irreversible fingerprint of a secret for cache keys, so a rotated
 * secret gets a fresh key. The secret itself never leaves memory.
 */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/**
 * Tokens (access, suite, corp) in Backstage's cache service, so replicas share
 * them, plus a per-process single flight so one process fetches a token at
 * most once at a time. Expiry is checked against the injected clock, not
 * only the cache's TTL, so a token is refreshed before WeCom expires it.
 */
export class TokenCache {
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  readonly #inFlight = new Map<string, Promise<string>>();

  constructor(options: {
    cache: CacheService;
    logger: LoggerService;
    now: () => number;
  }) {
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#now = options.now;
  }

  /** The cached token for `key`, or the one `fetchToken` gets (once per process at a time). */
  async get(key: string, fetchToken: () => Promise<FetchedToken>) {
    const running = this.#inFlight.get(key);
    if (running) {
      return running;
    }
    const cached = await this.#read(key);
    if (cached) {
      return cached;
    }
    // Another call of this process may have started a fetch while we read.
    const started = this.#inFlight.get(key);
    if (started) {
      return started;
    }
    const flight = this.#refresh(key, fetchToken).finally(() =>
      this.#inFlight.delete(key),
    );
    this.#inFlight.set(key, flight);
    return flight;
  }

  /**
   * Forgets `staleToken` after WeCom rejected it. A newer token someone else
   * stored meanwhile is kept.
   */
  async invalidate(key: string, staleToken: string): Promise<void> {
    try {
      const entry = await this.#cache.get<CachedToken>(key);
      if (entry?.token === staleToken) {
        await this.#cache.delete(key);
      }
    } catch (error) {
      this.#logger.warn(`Could not invalidate a cached WeCom token: ${error}`);
    }
  }

  async #refresh(key: string, fetchToken: () => Promise<FetchedToken>) {
    // Another replica may have stored a token while we waited.
    const cached = await this.#read(key);
    if (cached) {
      return cached;
    }
    const { token, expiresInSeconds } = await fetchToken();
    // Short-lived tokens (never from WeCom, but from a test server) keep half
    // their life rather than none.
    const margin = Math.min(TOKEN_REFRESH_MARGIN_SECONDS, expiresInSeconds / 2);
    const ttlMs = Math.max(1000, (expiresInSeconds - margin) * 1000);
    const entry: CachedToken = { token, refreshAt: this.#now() + ttlMs };
    try {
      await this.#cache.set(key, entry, { ttl: ttlMs });
    } catch (error) {
      this.#logger.warn(`Could not cache a WeCom token: ${error}`);
    }
    return token;
  }

  async #read(key: string): Promise<string | undefined> {
    try {
      const entry = await this.#cache.get<CachedToken>(key);
      if (entry && this.#now() < entry.refreshAt) {
        return entry.token;
      }
    } catch (error) {
      // A cache outage costs an extra token fetch, not the call.
      this.#logger.warn(`Could not read a cached WeCom token: ${error}`);
    }
    return undefined;
  }
}

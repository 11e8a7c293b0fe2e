import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { WeComRateLimiter } from './rateLimits';
import type { WeComAppCredentials, WeComRetryOptions } from './types';

/**
 * Options of {@link WeComClient}.
 *
 * @public
 */
export interface WeComClientOptions {
  credentials: WeComAppCredentials;
  /** Backstage's cache service, so replicas share tokens. */
  cache: CacheService;
  logger: LoggerService;
  /**
   * Share one limiter between all clients of the plugin (see
   * `createWeComRateLimiter`); by default each client limits on its own.
   */
  rateLimiter?: WeComRateLimiter;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  retry?: Partial<WeComRetryOptions>;
  /** Per HTTP request; default 15 s. A timeout is retried like a network error. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export const defaultSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

import { WeComApiError, WeComNetworkError } from './errors';
import type { WeComRetryOptions } from './types';

/** @public */
export const DEFAULT_WECOM_RETRY: WeComRetryOptions = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
};

/**
 * Errcodes that mean "try again later": -1 system busy, 45009 rate limited,
 * 45033 too many concurrent calls.
 */
export const RETRYABLE_ERRCODES = [-1, 45009, 45033];

/**
 * Errcodes that mean the token we sent is not (or no longer) accepted:
 * 40014 invalid, 42001 expired, 41001 missing; for the suite token
 * 40082 invalid and 42009 expired (verify).
 */
export const TOKEN_REJECTED_ERRCODES = [40014, 42001, 41001, 40082, 42009];

/** Whether another attempt may succeed where this one failed. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof WeComApiError) {
    return RETRYABLE_ERRCODES.includes(error.errcode);
  }
  if (error instanceof WeComNetworkError) {
    // No status: the request never got an answer (refused, reset, timeout).
    return (
      error.status === undefined || error.status >= 500 || error.status === 429
    );
  }
  return false;
}

/**
 * Exponential backoff with full jitter (a uniformly random wait up to the
 * exponential cap), so replicas retrying the same failure spread out.
 * Three lines of arithmetic: not worth a dependency, and it has to share the
 * loop with token refetching and rate limiting anyway.
 */
export function backoffDelayMs(
  failures: number,
  retry: WeComRetryOptions,
  random: () => number,
): number {
  const cap = Math.min(
    retry.maxDelayMs,
    retry.baseDelayMs * 2 ** Math.max(0, failures - 1),
  );
  return Math.round(random() * cap);
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { z } from 'zod';
import { attemptRequest } from './attempt';
import { isWeComApiError } from './errors';
import type { WeComRateLimiter } from './rateLimits';
import { redactUrl } from './redact';
import {
  TOKEN_REJECTED_ERRCODES,
  backoffDelayMs,
  isRetryable,
} from './retryPolicy';
import type { FetchedToken, TokenCache } from './TokenCache';
import type { WeComRetryOptions } from './types';

/** WeCom's "api freq out of limit". */
const RATE_LIMITED = 45009;

/** Which token a call carries. */
export type WeComAuth = 'accessToken' | 'suiteToken' | 'none';

/** One logical WeCom call, before retries. */
export interface RequestSpec<S extends z.ZodType> {
  method: 'GET' | 'POST';
  /** `/cgi-bin/...` */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /**
   * JSON serialised by the caller, sent byte for byte on every attempt (an
   * outbox's stored message, so WeCom's duplicate check recognises a retry).
   */
  rawBody?: string;
  auth: WeComAuth;
  schema: S;
  /** Whose budget the call spends; the corp id unless said otherwise. */
  limiterKey?: string;
  /** Extra values to keep out of errors (tickets, codes). */
  secrets?: Array<string | undefined>;
}

/** Where a token lives in the cache and how to get a new one. */
export interface TokenSource {
  param: 'access_token' | 'suite_access_token';
  cacheKey: string;
  fetch(): Promise<FetchedToken>;
  /** Values used to get the token, to keep out of errors. */
  secrets: Array<string | undefined>;
}

/** What the transport needs; the client builds it from its options. */
export interface WeComTransportOptions {
  baseUrl: string;
  corpId: string;
  tokens: TokenCache;
  tokenSource(auth: Exclude<WeComAuth, 'none'>): Promise<TokenSource>;
  /** Secrets of the integration, masked in anything WeCom answers. */
  staticSecrets: Array<string | undefined>;
  logger: LoggerService;
  limiter: WeComRateLimiter;
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  random(): number;
  retry: WeComRetryOptions;
  timeoutMs: number;
}

/**
 * Runs one logical call: waits for the rate limiter, attaches the token,
 * refetches a rejected token once, and retries transient failures with
 * backoff. The only place that builds WeCom URLs.
 */
export class WeComTransport {
  readonly #options: WeComTransportOptions;

  constructor(options: WeComTransportOptions) {
    this.#options = options;
  }

  async request<S extends z.ZodType>(
    spec: RequestSpec<S>,
  ): Promise<z.output<S>> {
    const o = this.#options;
    const limiterApi = spec.path.replace(/^\/cgi-bin\//, '');
    let failures = 0;
    let tokenRefetched = false;
    for (;;) {
      await o.limiter.acquire(limiterApi, spec.limiterKey ?? o.corpId);
      const token = await this.#token(spec.auth);
      const url = this.#url(spec.path, {
        ...spec.query,
        ...(token ? { [token.source.param]: token.value } : {}),
      });
      const outcome = await attemptRequest({
        method: spec.method,
        api: spec.path,
        url,
        body: spec.body,
        rawBody: spec.rawBody,
        schema: spec.schema,
        secrets: [
          ...o.staticSecrets,
          ...(token ? [token.value, ...token.source.secrets] : []),
          ...(spec.secrets ?? []),
        ],
        fetch: o.fetch,
        timeoutMs: o.timeoutMs,
      });
      if (outcome.ok) {
        o.logger.debug(`WeCom ${spec.method} ${redactUrl(url)} ok`);
        return outcome.value;
      }
      const { error } = outcome;

      if (
        token &&
        !tokenRefetched &&
        isWeComApiError(error, TOKEN_REJECTED_ERRCODES)
      ) {
        // Once per call: a token WeCom rejects right after issuing it means
        // a configuration problem, not an expiry.
        tokenRefetched = true;
        o.logger.info(
          `WeCom rejected the ${token.source.param} for ${spec.path} (errcode ${error.errcode}); fetching a new one`,
        );
        await o.tokens.invalidate(token.source.cacheKey, token.value);
        continue;
      }

      if (isWeComApiError(error, RATE_LIMITED)) {
        await o.limiter.rejected?.(limiterApi, spec.limiterKey ?? o.corpId);
      }
      failures += 1;
      if (!isRetryable(error) || failures >= o.retry.attempts) {
        throw error;
      }
      const delayMs = backoffDelayMs(failures, o.retry, o.random);
      o.logger.warn(
        `${error.message} Retrying in ${delayMs} ms (attempt ${
          failures + 1
        } of ${o.retry.attempts}).`,
      );
      await o.sleep(delayMs);
    }
  }

  async #token(auth: WeComAuth) {
    if (auth === 'none') {
      return undefined;
    }
    const source = await this.#options.tokenSource(auth);
    const value = await this.#options.tokens.get(source.cacheKey, source.fetch);
    return { source, value };
  }

  /** Base URL and path joined as strings, so a path prefix in the base URL stays. */
  #url(path: string, query: Record<string, string | number | undefined>) {
    const url = new URL(`${this.#options.baseUrl}${path}`);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) {
        url.searchParams.set(name, String(value));
      }
    }
    return url.toString();
  }
}

import { CustomErrorBase } from '@backstage/errors';

/**
 * A post-mortem of the incident was generated too recently. The router
 * answers 429 with `Retry-After: retryAfterSeconds`.
 */
export class PostmortemRateLimitedError extends CustomErrorBase {
  name = 'PostmortemRateLimitedError' as const;
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/**
 * The analyzer or WeCom failed on the way out; answered 502 with a message
 * that says what failed and that trying again is safe.
 */
export class PostmortemUpstreamError extends CustomErrorBase {
  name = 'PostmortemUpstreamError' as const;
  readonly statusCode = 502;
}

export { WeComClient } from './WeComClient';
export type { WeComClientOptions } from './WeComClient';
export {
  WeComApiError,
  WeComCredentialsError,
  WeComNetworkError,
  WeComUnexpectedResponseError,
  isWeComApiError,
} from './errors';
export { hintForErrcode } from './errorHints';
export {
  DEFAULT_WECOM_RATE_LIMITS,
  FlexibleWeComRateLimiter,
  WECOM_MESSAGE_PER_MEMBER,
  WECOM_RATE_LIMIT_TABLE,
  WeComOverBudgetError,
  WeComRecipientsOverBudgetError,
  createMemoryWeComRateLimiter,
  createWeComRateLimiter,
} from './rateLimits';
export type {
  WeComRateLimit,
  WeComRateLimitGroup,
  WeComRateLimiter,
  WeComRateLimiterOptions,
} from './rateLimits';
export { DEFAULT_WECOM_RETRY } from './retryPolicy';
export { redactUrl } from './redact';
export type * from './types';

import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { WeComRateLimit, WeComRateLimitGroup } from '../connector';

const KEY = 'wecom.rateLimits';

const budgetSchema = z.strictObject({
  points: z.number().int().positive(),
  durationSeconds: z.number().int().positive(),
});

const rateLimitsSchema = z.strictObject({
  perCorpApi: budgetSchema.optional(),
  token: budgetSchema.optional(),
  lookup: budgetSchema.optional(),
  messagePerMember: budgetSchema.optional(),
});

/**
 * `wecom.rateLimits`: the budgets the backend paces its WeCom calls to, for
 * a corp whose limits differ from the defaults. Pacing to the real limit
 * beats bouncing off WeCom's 45009 and retrying with backoff. A mistake
 * fails at start-up, naming the key.
 */
export function readRateLimits(
  config: Config,
): Partial<Record<WeComRateLimitGroup, WeComRateLimit>> {
  const raw = config.getOptional(KEY);
  if (raw === undefined) return {};
  const parsed = rateLimitsSchema.safeParse(raw);
  if (!parsed.success) {
    const reasons = parsed.error.issues
      .map(i => `${[KEY, ...i.path].join('.')}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${KEY}: ${reasons}`);
  }
  return Object.fromEntries(
    Object.entries(parsed.data).filter(([, budget]) => budget !== undefined),
  );
}

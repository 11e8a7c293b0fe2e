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
  const limits = readChecked(config, KEY, rateLimitsSchema) ?? {};
  return Object.fromEntries(
    Object.entries(limits).filter(([, budget]) => budget !== undefined),
  );
}

/**
 * One budget `{ points, durationSeconds }` at `key` (e.g.
 * `wecom.workspaceLogin.rateLimit`), undefined when absent; a mistake
 * fails at start-up, naming the key.
 */
export function readRateBudget(
  config: Config,
  key: string,
): WeComRateLimit | undefined {
  return readChecked(config, key, budgetSchema);
}

function readChecked<T>(
  config: Config,
  key: string,
  schema: z.ZodType<T>,
): T | undefined {
  const raw = config.getOptional(key);
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const reasons = parsed.error.issues
      .map(i => `${[key, ...i.path].join('.')}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${key}: ${reasons}`);
  }
  return parsed.data;
}

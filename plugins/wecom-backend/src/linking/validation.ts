import { InputError } from '@backstage/errors';
import { z } from 'zod';

const integrationId = z.string().trim().min(1).max(64);

/** `GET /linked-users?integration&filter&q&offset&limit` */
export const linkedUsersQuerySchema = z.object({
  integration: integrationId.optional(),
  filter: z.enum(['all', 'linked', 'unlinked']).default('all'),
  q: z.string().trim().max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** `POST /linked-users/links` */
export const manualLinkSchema = z.object({
  integrationId,
  entityRef: z.string().trim().min(1).max(255),
  // WeCom userids are at most 64 characters (letters, digits, _-@.).
  wecomUserId: z.string().trim().min(1).max(64),
});

/** `DELETE /linked-users/links?integration&entityRef` */
export const unlinkQuerySchema = z.object({
  integration: integrationId,
  entityRef: z.string().trim().min(1).max(255),
});

/** `POST /linked-users/one-click-link` */
export const startRunSchema = z.object({ integrationId });

/** `GET /linked-users/one-click-link?integration` */
export const latestRunQuerySchema = z.object({
  integration: integrationId.optional(),
});

/** Parses input, turning zod's findings into one readable 400. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const reasons = result.error.issues.map(issue =>
      issue.path.length
        ? `${issue.path.join('.')}: ${issue.message}`
        : issue.message,
    );
    throw new InputError(`Invalid ${what}: ${reasons.join('; ')}`);
  }
  return result.data;
}

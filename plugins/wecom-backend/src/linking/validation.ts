import { InputError } from '@backstage/errors';
import { z } from 'zod';

const integrationId = z.string().trim().min(1).max(64);

/** PostgreSQL refuses NUL in text, and no entity ref or userid holds a control character. */
const printable = (field: string) =>
  z
    .string()
    .trim()
    .min(1)
    .refine(
      value => ![...value].some(c => c < ' ' || c === '\u007f'),
      `${field} must not contain control characters`,
    );
const entityRef = printable('entityRef').pipe(z.string().max(255));

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
  entityRef,
  // WeCom userids are at most 64 characters (letters, digits, _-@.).
  wecomUserId: printable('wecomUserId').pipe(z.string().max(64)),
});

/** `DELETE /linked-users/links?integration&entityRef` */
export const unlinkQuerySchema = z.object({
  integration: integrationId,
  entityRef,
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

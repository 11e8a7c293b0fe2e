import { InputError } from '@backstage/errors';
import { z } from 'zod';

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

import { z } from 'zod';
import { readEntityRef } from '../catalog/catalogEntities';

// Request fields several areas' routes take alike.

/** An integration id, as the setup form and app-config name them. */
export const integrationId = z.string().trim().min(1).max(64);

/** PostgreSQL refuses NUL in text, and no entity ref or userid holds a control character. */
export const printable = (field: string) =>
  z
    .string()
    .trim()
    .min(1)
    .refine(
      value => ![...value].some(c => c < ' ' || c === '\u007f'),
      `${field} must not contain control characters`,
    );

/**
 * An entity ref, written out in full and in lower case as the catalog's
 * relations write it (`component:default/payments-api`), so refs compare.
 * Read by {@link readEntityRef}, with a reason a person understands.
 */
export function entityRef(
  options: {
    kinds?: string[];
    defaultKind?: string;
    example?: string;
    /** Refuse names and namespaces the catalog would refuse (`a b`, `x:y`). */
    catalogNames?: boolean;
  } = {},
) {
  return z
    .string()
    .trim()
    .min(1)
    .max(255)
    .transform((value, ctx) => {
      const { ref, problem } = readEntityRef(value, options);
      if (ref !== undefined) return ref;
      ctx.addIssue({
        code: 'custom',
        message:
          problem === 'wrongKind'
            ? `must be a ${options.kinds?.join(
                ' or ',
              )} entity ref, got "${value}"`
            : `"${value}" is not an entity ref like ${
                options.example ?? 'component:default/payments-api'
              }`,
      });
      return z.NEVER;
    });
}

/** `a,b` or `?x=a&x=b` → `['a', 'b']`. */
export function commaList<T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(value => {
    if (value === undefined || value === '') return undefined;
    const parts = Array.isArray(value) ? value : [value];
    return parts
      .flatMap(part => String(part).split(','))
      .map(part => part.trim())
      .filter(Boolean);
  }, z.array(z.enum(values)).optional());
}

/** Users and groups as people type them: `lisi` means user:default/lisi. */
export function personRef() {
  return entityRef({
    kinds: ['user', 'group'],
    defaultKind: 'user',
    example: 'user:default/lisi or group:default/sre',
    catalogNames: true,
  });
}

/** A user as people type it: `zhangsan` means user:default/zhangsan. */
export function userRef() {
  return entityRef({
    kinds: ['user'],
    defaultKind: 'user',
    example: 'user:default/zhangsan',
    catalogNames: true,
  });
}

/** A group as people type it: `sre` means group:default/sre. */
export function groupRef() {
  return entityRef({
    kinds: ['group'],
    defaultKind: 'group',
    example: 'group:default/sre',
    catalogNames: true,
  });
}

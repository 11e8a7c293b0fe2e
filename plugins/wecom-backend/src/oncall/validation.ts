import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';

/** A full entity ref (`component:default/payments-api`; the namespace may be left out), lower-case. */
const entityRef = (kind?: string) =>
  z
    .string()
    .trim()
    .min(1, 'is required')
    .max(512)
    .transform((raw, ctx) => {
      try {
        const ref = parseEntityRef(raw);
        if (kind && ref.kind.toLocaleLowerCase('en-US') !== kind) {
          ctx.addIssue({ code: 'custom', message: `must be a ${kind} ref` });
          return z.NEVER;
        }
        return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
      } catch {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be an entity ref such as component:default/payments-api',
        });
        return z.NEVER;
      }
    });

/** `GET /oncall?entityRef=` */
export const onCallQuerySchema = z.object({ entityRef: entityRef() });

/** `GET /oncall/shifts?userEntityRef=&days=` */
export const shiftsQuerySchema = z.object({
  userEntityRef: entityRef('user').optional(),
  days: z.coerce.number().int().min(1).max(90).default(14),
});

import {
  CompoundEntityRef,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { z } from 'zod';
import { WECOM_MAX_SNOOZE_MINUTES } from 'backstage-plugin-wecom-node';

const STATUSES = ['triggered', 'processing', 'snoozed', 'closed'] as const;
const SEVERITIES = ['critical', 'high', 'warning', 'info'] as const;
const ACTIONS = ['startProcessing', 'close', 'snooze', 'reopen'] as const;

/**
 * An entity ref, written out in full and in lower case as the catalog's
 * relations write it (`component:default/payments-api`), so refs compare.
 */
function entityRef(
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
      const ref = parseRef(value, options);
      if (!ref) {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" is not an entity ref like ${
            options.example ?? 'component:default/payments-api'
          }`,
        });
        return z.NEVER;
      }
      if (options.kinds && !options.kinds.includes(ref.kind.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a ${options.kinds.join(
            ' or ',
          )} entity ref, got "${value}"`,
        });
        return z.NEVER;
      }
      return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
    });
}

function parseRef(
  value: string,
  options: { defaultKind?: string; catalogNames?: boolean },
): CompoundEntityRef | undefined {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value, {
      defaultKind: options.defaultKind,
      defaultNamespace: 'default',
    });
  } catch {
    return undefined;
  }
  if (
    options.catalogNames &&
    !(
      KubernetesValidatorFunctions.isValidObjectName(ref.name) &&
      KubernetesValidatorFunctions.isValidNamespace(ref.namespace)
    )
  ) {
    return undefined;
  }
  return ref;
}

/** `POST /incidents` */
export const incidentInputSchema = z.object({
  title: z.string().trim().min(1).max(200),
  severity: z.enum(SEVERITIES),
  description: z.string().trim().max(10_000).optional(),
  entityRef: entityRef().optional(),
  responders: z
    .array(entityRef({ kinds: ['user', 'group'] }))
    .max(50)
    .optional(),
  fields: z
    .record(z.string().trim().min(1).max(64), z.string().max(500))
    .refine(fields => Object.keys(fields).length <= 10, {
      message: 'at most 10 fields',
    })
    .optional(),
});

/** `PATCH /incidents/:id`: only what may change besides the status. */
export const incidentPatchSchema = z.strictObject(
  {
    // `lisi` means user:default/lisi, as people type it in the UI.
    responders: z
      .array(
        entityRef({
          kinds: ['user', 'group'],
          defaultKind: 'user',
          example: 'user:default/lisi or group:default/sre',
          catalogNames: true,
        }),
      )
      .max(50)
      .optional(),
  },
  {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? `cannot change ${issue.keys
            .map(key => `"${key}"`)
            .join(
              ', ',
            )}: only responders can be changed (status changes go to /transitions)`
        : undefined,
  },
);

/** `POST /incidents/:id/transitions` */
export const transitionSchema = z
  .object({
    action: z.enum(ACTIONS),
    snoozeMinutes: z
      .number()
      .int()
      .min(1)
      .max(WECOM_MAX_SNOOZE_MINUTES)
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.action === 'snooze' && value.snoozeMinutes === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['snoozeMinutes'],
        message: 'required to snooze (minutes, 1 to 10080)',
      });
    }
    if (value.action !== 'snooze' && value.snoozeMinutes !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['snoozeMinutes'],
        message: 'only applies to snooze',
      });
    }
  });

/** `a,b` or `?x=a&x=b` → `['a', 'b']`. */
function commaList<T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(value => {
    if (value === undefined || value === '') return undefined;
    const parts = Array.isArray(value) ? value : [value];
    return parts
      .flatMap(part => String(part).split(','))
      .map(part => part.trim())
      .filter(Boolean);
  }, z.array(z.enum(values)).optional());
}

/** `GET /incidents?status&severity&entityRef&q&offset&limit` */
export const incidentQuerySchema = z.object({
  status: commaList(STATUSES),
  severity: commaList(SEVERITIES),
  entityRef: entityRef().optional(),
  q: z.string().trim().max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

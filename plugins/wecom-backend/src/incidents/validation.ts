import { z } from 'zod';
import {
  WECOM_INCIDENT_ACTIONS,
  WECOM_INCIDENT_SEVERITIES,
  WECOM_INCIDENT_STATUSES,
} from 'backstage-plugin-wecom-common';
import { WECOM_MAX_SNOOZE_MINUTES } from 'backstage-plugin-wecom-node';
import { commaList, entityRef, personRef } from '../http/requestFields';

/** `POST /incidents` */
export const incidentInputSchema = z.object({
  title: z.string().trim().min(1).max(200),
  severity: z.enum(WECOM_INCIDENT_SEVERITIES),
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
    responders: z.array(personRef()).max(50).optional(),
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
    action: z.enum(WECOM_INCIDENT_ACTIONS),
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

const userRef = entityRef({
  kinds: ['user'],
  defaultKind: 'user',
  example: 'me or user:default/zhangsan',
  catalogNames: true,
});

/** `GET /incidents?status&severity&entityRef&responder&q&offset&limit` */
export const incidentQuerySchema = z.object({
  status: commaList(WECOM_INCIDENT_STATUSES),
  severity: commaList(WECOM_INCIDENT_SEVERITIES),
  entityRef: entityRef().optional(),
  /** `me` (the caller, resolved by the router) or a user's entity ref. */
  responder: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === 'me') return value;
      const parsed = userRef.safeParse(value);
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: 'custom', message: parsed.error.issues[0].message });
      return z.NEVER;
    }),
  q: z.string().trim().max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

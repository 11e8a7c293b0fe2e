import { z } from 'zod';

const labelSet = z.record(z.string(), z.string()).default({});

/** One alert of a notification. */
const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: labelSet,
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

/**
 * Alertmanager's webhook payload, version 4 (the only version it sends):
 * one notification of an alert group. Unknown fields are ignored.
 */
export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4', {
    error: 'only version "4" of the Alertmanager webhook payload is supported',
  }),
  groupKey: z.string().min(1).max(10_000),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupLabels: labelSet,
  commonLabels: labelSet,
  commonAnnotations: labelSet,
  externalURL: z.string().optional(),
  alerts: z.array(alertSchema).max(10_000),
});

export type AlertmanagerPayload = z.output<typeof alertmanagerPayloadSchema>;
export type AlertmanagerAlert = AlertmanagerPayload['alerts'][number];

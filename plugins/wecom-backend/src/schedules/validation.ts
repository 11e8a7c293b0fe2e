import {
  WeComScheduleInput,
  WeComScheduleLayer,
} from 'backstage-plugin-wecom-common';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { groupRef, printable, userRef } from '../http/requestFields';

// What the schedule routes take, with reasons a person understands.

export const MAX_LAYERS = 10;
export const MAX_MEMBERS = 100;
export const MAX_OVERRIDE_DAYS = 31;
/** Shorter overrides are typing mistakes, or a flood of change points. */
export const MIN_OVERRIDE_MINUTES = 15;
export const MAX_TIMELINE_DAYS = 92;

/**
 * An IANA zone name. Fixed offsets (`+08:00`, `UTC+8`), which some
 * runtimes accept too, are refused: they know no daylight saving.
 */
const timeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .superRefine((value, ctx) => {
    if (/^(utc|gmt)?[+-]\d/i.test(value) || !IANAZone.isValidZone(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `Unknown time zone '${value}'; use an IANA name such as Asia/Shanghai`,
      });
    }
  });

const handoffTime = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d$/,
    'must be a time of day as HH:mm, such as 09:00',
  );

const startDate = z
  .string()
  .refine(
    value =>
      /^\d{4}-\d{2}-\d{2}$/.test(value) &&
      DateTime.fromISO(value, { zone: 'utc' }).isValid,
    'must be a real date as YYYY-MM-DD, such as 2026-12-01',
  );

const layer = z.object({
  members: z
    .array(userRef())
    .min(1, 'a layer needs at least one member')
    .max(MAX_MEMBERS, `a layer has at most ${MAX_MEMBERS} members`),
  handoffTime,
  rotationDays: z
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be 1 to 366 days')
    .max(366, 'must be 1 to 366 days'),
  startDate,
}) satisfies z.ZodType<WeComScheduleLayer>;

/** `POST /schedules`, `PUT /schedules/:id` */
export const scheduleInputSchema = z.object({
  name: printable('name').pipe(
    z.string().max(100, 'must be at most 100 characters'),
  ),
  ownerRef: groupRef(),
  timeZone,
  layers: z
    .array(layer)
    .min(1, 'a schedule needs at least one layer')
    .max(MAX_LAYERS, `a schedule has at most ${MAX_LAYERS} layers`),
}) satisfies z.ZodType<WeComScheduleInput>;

/** An ISO 8601 time that says its offset: a bare local time is ambiguous. */
const isoTime = () =>
  z
    .string()
    .trim()
    // An unencoded `+` in a query string arrives as a space.
    .transform(value => value.replace(/ (\d{2}(:?\d{2})?)$/, '+$1'))
    .transform((value, ctx) => {
      const time = DateTime.fromISO(value, { setZone: true });
      if (!time.isValid || !/(z|[+-]\d{2}(:?\d{2})?)$/i.test(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" is not an ISO 8601 time with an offset, such as 2026-12-08T09:00:00+08:00`,
        });
        return z.NEVER;
      }
      return time;
    });

/** `POST /schedules/:id/overrides`; whether it has ended is the service's. */
export const overrideInputSchema = z
  .object({
    userEntityRef: userRef(),
    start: isoTime(),
    end: isoTime(),
  })
  .superRefine((value, ctx) => {
    if (value.end <= value.start) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: 'must be after start',
      });
    } else if (
      value.end.diff(value.start, 'minutes').minutes < MIN_OVERRIDE_MINUTES
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `an override lasts at least ${MIN_OVERRIDE_MINUTES} minutes`,
      });
    } else if (value.end.diff(value.start, 'days').days > MAX_OVERRIDE_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `an override lasts at most ${MAX_OVERRIDE_DAYS} days`,
      });
    }
  });

/** `GET /schedules/:id/timeline?from=&to=` */
export const timelineQuerySchema = z
  .object({ from: isoTime(), to: isoTime() })
  .superRefine((value, ctx) => {
    if (value.to <= value.from) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'must be after from',
      });
    } else if (value.to.diff(value.from, 'days').days > MAX_TIMELINE_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the window is at most ${MAX_TIMELINE_DAYS} days`,
      });
    }
  });

/** `GET /schedules?ownerRef=` */
export const scheduleQuerySchema = z.object({
  ownerRef: groupRef().optional(),
});

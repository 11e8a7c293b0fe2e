import { DateTime } from 'luxon';
import type { WeComScheduleShift } from 'backstage-plugin-wecom-common';

/** How many days the timeline shows. */
export type TimelineDays = 7 | 14 | 28;

/** The window the timeline shows, in the zone it is shown in. */
export interface TimelineWindow {
  from: DateTime;
  to: DateTime;
}

/** `days` from the start of `day` (midnight in `zone`). */
export function windowStarting(
  day: DateTime,
  days: TimelineDays,
  zone: string,
): TimelineWindow {
  const from = day.setZone(zone).startOf('day');
  return { from, to: from.plus({ days }) };
}

/** A shift placed on a row: where it starts and how wide it is, in percent. */
export interface PlacedShift {
  shift: WeComScheduleShift;
  start: DateTime;
  end: DateTime;
  leftPercent: number;
  widthPercent: number;
}

/** Where `at` falls in the window, in percent (clamped to 0..100). */
export function percentOf(at: DateTime, window: TimelineWindow): number {
  const total = window.to.toMillis() - window.from.toMillis();
  const offset = at.toMillis() - window.from.toMillis();
  return Math.min(100, Math.max(0, (offset / total) * 100));
}

/** The shifts that overlap the window, clipped to it, in `zone`. */
export function placeShifts(
  shifts: WeComScheduleShift[],
  window: TimelineWindow,
  zone: string,
): PlacedShift[] {
  return shifts.flatMap(shift => {
    const start = DateTime.fromISO(shift.start).setZone(zone);
    const end = DateTime.fromISO(shift.end).setZone(zone);
    if (!start.isValid || !end.isValid) return [];
    if (end <= window.from || start >= window.to) return [];
    const left = percentOf(start, window);
    return [
      {
        shift,
        start,
        end,
        leftPercent: left,
        widthPercent: percentOf(end, window) - left,
      },
    ];
  });
}

/**
 * A colour per person that stays the same across rows, schedules and
 * visits: a hue from a hash of the ref.
 */
export function personColour(userEntityRef: string): string {
  let hash = 0;
  for (const char of userEntityRef) {
    hash = (hash * 31 + char.charCodeAt(0)) % 360;
  }
  return `hsl(${hash}, 65%, 78%)`;
}

/**
 * The end of a shift relative to its start: the weekday and time, with
 * "next week" or the date when that alone would be ambiguous.
 */
function endLabel(start: DateTime, end: DateTime): string {
  const weeksApart = end
    .startOf('week')
    .diff(start.startOf('week'), 'weeks').weeks;
  if (weeksApart < 1) return end.toFormat('ccc HH:mm');
  if (Math.round(weeksApart) === 1) {
    return `${end.toFormat('ccc HH:mm')} next week`;
  }
  return end.toFormat('ccc d LLL HH:mm');
}

/**
 * What a screen reader says for a block: "Zhang San, Mon 09:00 – Mon 09:00
 * next week", times in the zone the timeline is shown in.
 */
export function shiftLabel(
  name: string,
  start: DateTime,
  end: DateTime,
  isOverride: boolean,
  /** A shift that began before the window says its date: its start is not shown. */
  windowFrom?: DateTime,
): string {
  const startLabel =
    windowFrom && start < windowFrom
      ? start.toFormat('ccc d LLL HH:mm')
      : start.toFormat('ccc HH:mm');
  const when = `${startLabel} – ${endLabel(start, end)}`;
  return `${name}, ${when}${isOverride ? ' (override)' : ''}`;
}

/** The shift on call at `at`, if any (the final row answers "who now"). */
export function shiftAt(
  shifts: WeComScheduleShift[],
  at: DateTime,
): WeComScheduleShift | undefined {
  return shifts.find(
    shift =>
      DateTime.fromISO(shift.start) <= at && at < DateTime.fromISO(shift.end),
  );
}

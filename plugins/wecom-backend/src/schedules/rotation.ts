import { WeComScheduleLayer } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';

/**
 * Someone's turn: a layer's shift or an override, from `start` to `end`
 * (exclusive). `source` is the layer's index, or `override`.
 */
export interface Turn {
  userEntityRef: string;
  start: DateTime;
  end: DateTime;
  source: number | 'override';
  overrideId?: string;
}

/**
 * The hand-off `days` calendar days after the layer's start date, at its
 * wall-clock time in `zone`. The date is counted in UTC, where every day has
 * 24 hours, and only then placed in the zone: so a shift that spans a
 * daylight-saving change lasts 23 or 25 hours and the next still starts at
 * the hand-off time. Never the process's zone.
 *
 * Where the wall-clock time does not exist (02:30 on a spring-forward day
 * in New York), luxon moves it forward by the gap (03:30 EDT); where it
 * exists twice (01:30 on a fall-back day), luxon takes the later one, after
 * the clocks went back.
 */
export function handoffAt(
  layer: Pick<WeComScheduleLayer, 'startDate' | 'handoffTime'>,
  zone: string,
  days: number,
): DateTime {
  const date = DateTime.fromISO(layer.startDate, { zone: 'utc' }).plus({
    days,
  });
  const [hour, minute] = layer.handoffTime.split(':').map(Number);
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour, minute },
    { zone },
  );
}

/** Calendar days from the layer's start date to `at`'s date in `zone`. */
function daysSinceStart(
  layer: WeComScheduleLayer,
  zone: string,
  at: DateTime,
): number {
  const local = at.setZone(zone);
  const date = DateTime.fromObject(
    { year: local.year, month: local.month, day: local.day },
    { zone: 'utc' },
  );
  const start = DateTime.fromISO(layer.startDate, { zone: 'utc' });
  return Math.round(date.diff(start, 'days').days);
}

/** Where shift `k` of the layer starts (shift 0 at the start date). */
function shiftStart(layer: WeComScheduleLayer, zone: string, k: number) {
  return handoffAt(layer, zone, k * layer.rotationDays);
}

/**
 * The number of the layer's shift that holds `at`; negative before the
 * first hand-off. Estimated from the local date, then corrected against the
 * actual hand-off instants (a hand-off later in the day than `at`).
 */
function shiftNumberAt(
  layer: WeComScheduleLayer,
  zone: string,
  at: DateTime,
): number {
  const t = at.toMillis();
  let k = Math.floor(daysSinceStart(layer, zone, at) / layer.rotationDays);
  while (shiftStart(layer, zone, k).toMillis() > t) k--;
  while (shiftStart(layer, zone, k + 1).toMillis() <= t) k++;
  return k;
}

/** Shift `k` of the layer (k ≥ 0): its member, start and end. */
function shift(
  layer: WeComScheduleLayer,
  layerIndex: number,
  zone: string,
  k: number,
): Turn {
  return {
    userEntityRef: layer.members[k % layer.members.length],
    start: shiftStart(layer, zone, k),
    end: shiftStart(layer, zone, k + 1),
    source: layerIndex,
  };
}

/** The layer's shift that holds `at`; undefined before its first hand-off. */
export function layerTurnAt(
  layer: WeComScheduleLayer,
  layerIndex: number,
  zone: string,
  at: DateTime,
): Turn | undefined {
  const k = shiftNumberAt(layer, zone, at);
  return k < 0 ? undefined : shift(layer, layerIndex, zone, k);
}

/**
 * The layer's whole shifts that overlap `[from, to)`, in order: each ends
 * where the next starts. The first may start before `from`, the last end
 * after `to`; none starts before the layer's first hand-off.
 */
export function layerShifts(
  layer: WeComScheduleLayer,
  layerIndex: number,
  zone: string,
  from: DateTime,
  to: DateTime,
): Turn[] {
  const shifts: Turn[] = [];
  let k = Math.max(0, shiftNumberAt(layer, zone, from));
  for (;;) {
    const next = shift(layer, layerIndex, zone, k);
    if (next.start >= to) return shifts;
    shifts.push(next);
    k++;
  }
}

import { DateTime } from 'luxon';
import type { WeComScheduleOverrideInput } from 'backstage-plugin-wecom-common';
import type { CheckedDraft } from './scheduleDraft';

/** The override form's state: wall-clock times in the schedule's zone. */
export interface OverrideDraft {
  userEntityRef: string;
  start: string;
  end: string;
}

const FORMATS = ['yyyy-MM-dd HH:mm', "yyyy-MM-dd'T'HH:mm"];

/** A wall-clock time typed for `zone` ("2026-12-08 09:00"), if it is one. */
export function parseWallClock(
  text: string,
  zone: string,
): DateTime | undefined {
  for (const format of FORMATS) {
    const at = DateTime.fromFormat(text.trim(), format, { zone });
    if (at.isValid) return at;
  }
  return undefined;
}

/** How the form shows a time: "2026-12-08 09:00" in `zone`. */
export function wallClock(at: DateTime, zone: string): string {
  return at.setZone(zone).toFormat('yyyy-MM-dd HH:mm');
}

/** A new override for `userEntityRef`: tomorrow 09:00 for a day, in `zone`. */
export function overrideDraft(
  userEntityRef: string,
  zone: string,
): OverrideDraft {
  const start = DateTime.now()
    .setZone(zone)
    .plus({ days: 1 })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  return {
    userEntityRef,
    start: wallClock(start, zone),
    end: wallClock(start.plus({ days: 1 }), zone),
  };
}

/**
 * Checks the form and turns its times into ISO 8601 with the zone's offset
 * at that moment ("2026-12-08T09:00:00+08:00"), as the API takes them.
 */
export function checkOverrideDraft(
  draft: OverrideDraft,
  zone: string,
): CheckedDraft<WeComScheduleOverrideInput> {
  const problems: string[] = [];
  if (!draft.userEntityRef) problems.push('Pick who is on call.');
  const start = parseWallClock(draft.start, zone);
  const end = parseWallClock(draft.end, zone);
  if (!start) problems.push('Start must look like 2026-12-08 09:00.');
  if (!end) problems.push('End must look like 2026-12-09 09:00.');
  if (start && end && end <= start) problems.push('End must be after start.');
  if (problems.length > 0 || !start || !end) return { problems };
  const iso = (at: DateTime) =>
    at.toISO({ suppressMilliseconds: true, includeOffset: true })!;
  return {
    input: {
      userEntityRef: draft.userEntityRef,
      start: iso(start),
      end: iso(end),
    },
  };
}

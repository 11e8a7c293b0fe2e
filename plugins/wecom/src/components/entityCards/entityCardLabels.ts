import type { WeComOnCallEntry } from 'backstage-plugin-wecom-common';
import { formatTime } from '../shared/timeLabels';

/** Why someone is on call, in words. */
export function viaLabel(entry: WeComOnCallEntry): string {
  switch (entry.via) {
    case 'schedule':
      return entry.scheduleName ? `Schedule ${entry.scheduleName}` : 'Schedule';
    case 'override':
      return entry.scheduleName
        ? `Override in ${entry.scheduleName}`
        : 'Override';
    case 'policy':
      return 'Escalation policy';
    default:
      return 'Owner (no schedule)';
  }
}

/** Until when, or nothing for turns that do not end. */
export function untilLabel(until: string | null): string | undefined {
  return until ? `until ${formatTime(until)}` : undefined;
}

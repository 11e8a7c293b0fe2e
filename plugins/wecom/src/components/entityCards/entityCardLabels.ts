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

/**
 * Why a person on call gets no WeCom card, or that their WeCom member is
 * not shown to this viewer (the catalog hides the user from them);
 * undefined when they are reached and shown.
 */
export function reachLabel(entry: WeComOnCallEntry): string | undefined {
  if (entry.hidden) return 'WeCom member not shown to you';
  switch (entry.reachable === false ? entry.unreachableReason : undefined) {
    case 'notLinked':
      return 'not linked to WeCom: gets no cards';
    case 'optedOut':
      return 'turned WeCom cards off: gets no cards';
    case 'notInCatalog':
      return 'not in the catalog any more: gets no cards';
    default:
      // Older backends mark nobody: no member means not linked.
      return entry.wecomUserId ? undefined : 'not linked to WeCom';
  }
}

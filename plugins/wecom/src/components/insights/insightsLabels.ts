import { refWithoutKind } from '../shared/memberRefs';

/** `3725` → `1 h 2 min`, `42` → `42 s`; "—" when there is no figure. */
export function durationLabel(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest ? `${hours} h ${rest} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `${days} d ${restHours} h` : `${days} d`;
}

/** `group:default/payments` → `payments`; null → what the group holds. */
export function groupLabel(
  key: string | null,
  groupBy: 'team' | 'service',
): string {
  if (key === null) return groupBy === 'team' ? 'No owner' : 'No service';
  return refWithoutKind(key);
}

/** Monday first, as the backend counts weekdays. */
export const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

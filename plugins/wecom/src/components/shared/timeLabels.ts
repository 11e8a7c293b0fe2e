import { DateTime } from 'luxon';

/** A point in time in the reader's locale; the raw value if unreadable. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const at = DateTime.fromISO(iso);
  return at.isValid ? at.toLocaleString(DateTime.DATETIME_MED) : iso;
}

/**
 * How long ago something happened, in the reader's words: "5 minutes ago".
 * The raw value if it is not a time.
 */
export function formatRelativeTime(
  iso: string,
  now: DateTime = DateTime.now(),
): string {
  const at = DateTime.fromISO(iso);
  if (!at.isValid) return iso;
  if (Math.abs(now.diff(at).as('seconds')) < 60) return 'just now';
  return at.toRelative({ base: now }) ?? iso;
}

import { DateTime } from 'luxon';

/**
 * Reads a timestamp column. PostgreSQL hands back a `Date`, SQLite (through
 * knex) the epoch milliseconds it stored or an SQL string for defaults.
 */
export function readTimestamp(value: unknown): DateTime | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return DateTime.fromJSDate(value).toUTC();
  if (typeof value === 'number') return DateTime.fromMillis(value).toUTC();
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return DateTime.fromMillis(Number(value)).toUTC();
    const sql = DateTime.fromSQL(value, { zone: 'utc' });
    return sql.isValid ? sql : DateTime.fromISO(value).toUTC();
  }
  return undefined;
}

/** Writes a timestamp column the same way on every database. */
export function writeTimestamp(time: DateTime): Date {
  return time.toJSDate();
}

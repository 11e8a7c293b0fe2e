import { InputError } from '@backstage/errors';
import { WeComAnalyticsGroupBy } from 'backstage-plugin-wecom-common';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { normaliseRef } from '../catalog/catalogEntities';
import { parseInput } from '../http/parseInput';

/** The longest window one answer covers: a year, leap day included. */
export const MAX_WINDOW_DAYS = 366;
/** The window when the query names none. */
export const DEFAULT_WINDOW_DAYS = 30;

const querySchema = z.object({
  groupBy: z.enum(['team', 'service']),
  key: z.string().trim().min(1).max(255).optional(),
  from: z.string().trim().min(1).max(64).optional(),
  to: z.string().trim().min(1).max(64).optional(),
  tz: z.string().trim().min(1).max(64).optional(),
});

/** A checked `GET /analytics` query: a window `[from, to)` in a time zone. */
export interface AnalyticsQuery {
  groupBy: WeComAnalyticsGroupBy;
  /** Lower-case entity ref of one team or service. */
  key?: string;
  from: DateTime;
  to: DateTime;
  timeZone: string;
  /**
   * The query as asked, normalised (the window as given, not as resolved):
   * the cache's key. "The last 30 days" stays one key while it is cached.
   */
  asked: string;
}

/**
 * Reads the query string, or throws an `InputError` that says what is
 * wrong: an unknown zone, a date that does not parse, an empty or
 * reversed window, or one longer than {@link MAX_WINDOW_DAYS}.
 */
export function parseAnalyticsQuery(
  raw: unknown,
  now: DateTime = DateTime.utc(),
): AnalyticsQuery {
  const input = parseInput(querySchema, raw, 'analytics query');
  const timeZone = input.tz ?? 'UTC';
  if (!IANAZone.isValidZone(timeZone)) {
    throw new InputError(
      `Invalid analytics query: tz "${timeZone}" is not an IANA time zone such as Asia/Shanghai`,
    );
  }
  const to = input.to ? parseTime(input.to, 'to', timeZone) : now;
  const from = input.from
    ? parseTime(input.from, 'from', timeZone)
    : to.minus({ days: DEFAULT_WINDOW_DAYS });
  if (from >= to) {
    throw new InputError(
      'Invalid analytics query: from must be before to (the window is [from, to))',
    );
  }
  if (to.diff(from, 'days').days > MAX_WINDOW_DAYS) {
    throw new InputError(
      `Invalid analytics query: the window may be at most ${MAX_WINDOW_DAYS} days`,
    );
  }
  let key: string | undefined;
  if (input.key) {
    key = normaliseRef(
      input.key,
      input.groupBy === 'team' ? 'group' : 'component',
    );
    if (!key) {
      throw new InputError(
        `Invalid analytics query: key "${input.key}" is not an entity ref`,
      );
    }
  }
  return {
    groupBy: input.groupBy,
    key,
    from: from.toUTC(),
    to: to.toUTC(),
    timeZone,
    asked: JSON.stringify([
      input.groupBy,
      key ?? null,
      input.from ?? null,
      input.to ?? null,
      timeZone,
    ]),
  };
}

/** An ISO date (midnight in `zone`) or date-time (its own offset, else `zone`). */
function parseTime(value: string, name: string, zone: string): DateTime {
  const time = DateTime.fromISO(value, { zone, setZone: false });
  if (!time.isValid) {
    throw new InputError(
      `Invalid analytics query: ${name} "${value}" is not an ISO 8601 date or date-time`,
    );
  }
  return time;
}

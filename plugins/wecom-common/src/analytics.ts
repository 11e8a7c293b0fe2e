import type { WeComIncidentSeverity } from './incidents';

/**
 * What the Insights figures are grouped by: a team is the owner group of an
 * incident's entity, a service the entity itself.
 *
 * @public
 */
export type WeComAnalyticsGroupBy = 'team' | 'service';

/**
 * `GET /analytics`: the window is `[from, to)`, at most 366 days; without
 * `from` and `to`, the last 30 days. Dates without a time start at
 * midnight in `timeZone`.
 *
 * @public
 */
export interface WeComAnalyticsQuery {
  groupBy: WeComAnalyticsGroupBy;
  /** One team (`group:…`) or service (`component:…`); all when absent. */
  key?: string;
  /** ISO 8601 date or date-time; default `to` minus 30 days. */
  from?: string;
  /** ISO 8601 date or date-time; default now. */
  to?: string;
  /** IANA time zone of the days, hours and weekdays; default `UTC`. */
  timeZone?: string;
}

/**
 * Median and 90th percentile of durations, in whole seconds (linear
 * interpolation between the nearest ranks); null when `count` is 0.
 *
 * @public
 */
export interface WeComDurationStats {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/**
 * The incidents opened on one day (in the query's time zone), by severity.
 *
 * @public
 */
export type WeComIncidentsOnDay = { date: string; total: number } & Record<
  WeComIncidentSeverity,
  number
>;

/**
 * How many incident cards reached one person.
 *
 * @public
 */
export interface WeComPagedPerson {
  userEntityRef: string;
  pages: number;
}

/**
 * The figures of a set of incidents.
 *
 * @public
 */
export interface WeComAnalyticsFigures {
  /** Incidents opened in the window. */
  incidentCount: number;
  /** Every day of the window, oldest first, zero-filled. */
  incidentsPerDay: WeComIncidentsOnDay[];
  /** Opened → first "start processing", of the incidents opened in the window. */
  mtta: WeComDurationStats;
  /** Opened → closed, of the incidents opened in the window and closed now. */
  mttr: WeComDurationStats;
  /** Cards WeCom accepted for a person in the window. */
  pageCount: number;
  /** Most paged first. */
  pagesPerPerson: WeComPagedPerson[];
  /** Pages by weekday (0 = Monday … 6 = Sunday) and hour (0 … 23). */
  pagingHours: number[][];
}

/**
 * One team's or service's comparison figures; `key` null holds the
 * incidents with no entity (service) or no owner (team).
 *
 * @public
 */
export interface WeComAnalyticsGroup {
  key: string | null;
  incidentCount: number;
  mtta: WeComDurationStats;
  mttr: WeComDurationStats;
  pageCount: number;
}

/**
 * The answer of `GET /analytics`.
 *
 * @public
 */
export interface WeComAnalytics {
  from: string;
  to: string;
  timeZone: string;
  groupBy: WeComAnalyticsGroupBy;
  key?: string;
  /** The figures of every incident in scope (only `key`'s when given). */
  summary: WeComAnalyticsFigures;
  /** Per team or service, most incidents first. */
  groups: WeComAnalyticsGroup[];
  /** The window held more rows than one answer reads; the figures cover the newest. */
  truncated: boolean;
}

import {
  WECOM_INCIDENT_SEVERITIES,
  WeComAnalyticsFigures,
  WeComIncidentSeverity,
  WeComIncidentsOnDay,
  WeComPagedPerson,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { IncidentFacts, PageFacts } from './AnalyticsStore';
import { durationStats } from './percentile';

/** The window and zone the figures are counted in. */
export interface FigureWindow {
  from: DateTime;
  to: DateTime;
  timeZone: string;
}

/** Every figure of the Insights page, for one set of incidents and pages. */
export function aggregateFigures(
  incidents: IncidentFacts[],
  pages: PageFacts[],
  window: FigureWindow,
): WeComAnalyticsFigures {
  return {
    incidentCount: incidents.length,
    incidentsPerDay: incidentsPerDay(incidents, window),
    mtta: durationStats(secondsBetween(incidents, i => i.firstAcknowledgedAt)),
    mttr: durationStats(secondsBetween(incidents, i => i.closedAt)),
    pageCount: pages.length,
    pagesPerPerson: pagesPerPerson(pages),
    pagingHours: pagingHours(pages, window.timeZone),
  };
}

/** Seconds from each incident's opening to `end`, where it has one. */
export function secondsBetween(
  incidents: IncidentFacts[],
  end: (incident: IncidentFacts) => DateTime | undefined,
): number[] {
  return incidents.flatMap(incident => {
    const at = end(incident);
    // A clock step could put an end before the start; count it as 0.
    return at
      ? [Math.max(0, at.diff(incident.createdAt, 'seconds').seconds)]
      : [];
  });
}

/** Every day of the window in its zone, oldest first, counted by severity. */
function incidentsPerDay(
  incidents: IncidentFacts[],
  { from, to, timeZone }: FigureWindow,
): WeComIncidentsOnDay[] {
  const days = new Map<string, WeComIncidentsOnDay>();
  const last = to.minus({ milliseconds: 1 }).setZone(timeZone).startOf('day');
  for (
    let day = from.setZone(timeZone).startOf('day');
    day <= last;
    day = day.plus({ days: 1 })
  ) {
    days.set(day.toISODate()!, emptyDay(day.toISODate()!));
  }
  for (const incident of incidents) {
    const date = incident.createdAt.setZone(timeZone).toISODate()!;
    const day = days.get(date);
    if (!day) continue;
    const severity = incident.severity as WeComIncidentSeverity;
    if (WECOM_INCIDENT_SEVERITIES.includes(severity)) day[severity] += 1;
    day.total += 1;
  }
  return [...days.values()];
}

function emptyDay(date: string): WeComIncidentsOnDay {
  const day = { date, total: 0 } as WeComIncidentsOnDay;
  for (const severity of WECOM_INCIDENT_SEVERITIES) day[severity] = 0;
  return day;
}

/** Pages per person, most first (then by ref, so the order is stable). */
function pagesPerPerson(pages: PageFacts[]): WeComPagedPerson[] {
  const counts = new Map<string, number>();
  for (const page of pages) {
    counts.set(page.userEntityRef, (counts.get(page.userEntityRef) ?? 0) + 1);
  }
  return [...counts]
    .map(([userEntityRef, count]) => ({ userEntityRef, pages: count }))
    .sort(
      (a, b) =>
        b.pages - a.pages || a.userEntityRef.localeCompare(b.userEntityRef),
    );
}

/** Pages by weekday (0 = Monday) and hour, in the zone. */
function pagingHours(pages: PageFacts[], timeZone: string): number[][] {
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const page of pages) {
    const local = page.at.setZone(timeZone);
    grid[local.weekday - 1][local.hour] += 1;
  }
  return grid;
}

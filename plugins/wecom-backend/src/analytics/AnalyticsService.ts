import {
  WeComAnalytics,
  WeComAnalyticsGroup,
} from 'backstage-plugin-wecom-common';
import { AnalyticsQuery } from './analyticsQuery';
import {
  AnalyticsStore,
  IncidentFacts,
  MAX_ROWS,
  PageFacts,
} from './AnalyticsStore';
import { aggregateFigures, secondsBetween } from './aggregateFigures';
import { OwnerDirectory } from './OwnerDirectory';
import { durationStats } from './percentile';

/** Incidents and pages of one team or service; `null` holds the rest. */
interface Bucket {
  key: string | null;
  incidents: IncidentFacts[];
  pages: PageFacts[];
}

/**
 * The Insights figures: reads a window's incidents and pages, puts each in
 * its team's or service's group, and counts.
 */
export class AnalyticsService {
  constructor(
    private readonly store: AnalyticsStore,
    private readonly owners: OwnerDirectory,
  ) {}

  async analytics(query: AnalyticsQuery): Promise<WeComAnalytics> {
    const [openedRows, pageRows] = await Promise.all([
      this.store.incidentsOpened(query.from, query.to),
      this.store.pagesSent(query.from, query.to),
    ]);
    const truncated =
      openedRows.length > MAX_ROWS || pageRows.length > MAX_ROWS;
    const opened = openedRows.slice(0, MAX_ROWS);
    const pages = pageRows.slice(0, MAX_ROWS);

    const groupsOf = await this.grouper(query, [
      ...opened.map(i => i.entityRef),
      ...pages.map(p => p.incidentEntityRef),
    ]);
    const buckets = new Map<string | null, Bucket>();
    const bucket = (key: string | null) => {
      let found = buckets.get(key);
      if (!found) {
        found = { key, incidents: [], pages: [] };
        buckets.set(key, found);
      }
      return found;
    };
    for (const incident of opened) {
      for (const key of groupsOf(incident.entityRef)) {
        bucket(key).incidents.push(incident);
      }
    }
    for (const page of pages) {
      for (const key of groupsOf(page.incidentEntityRef)) {
        bucket(key).pages.push(page);
      }
    }

    const inScope = query.key ? [bucket(query.key)] : [...buckets.values()];
    const window = { ...query };
    const summary = query.key
      ? aggregateFigures(inScope[0].incidents, inScope[0].pages, window)
      : aggregateFigures(opened, pages, window);
    return {
      from: query.from.toISO()!,
      to: query.to.toISO()!,
      timeZone: query.timeZone,
      groupBy: query.groupBy,
      ...(query.key ? { key: query.key } : {}),
      summary,
      groups: inScope.map(groupFigures).sort(mostIncidentsFirst),
      truncated,
    };
  }

  /**
   * How an incident's entity maps to groups: itself for services, its
   * owners (read once per entity) for teams; no entity or owner → `null`.
   */
  private async grouper(
    query: AnalyticsQuery,
    entityRefs: Array<string | undefined>,
  ): Promise<(entityRef: string | undefined) => Array<string | null>> {
    if (query.groupBy === 'service') return ref => [ref ?? null];
    const distinct = [...new Set(entityRefs.filter((r): r is string => !!r))];
    const owners = await this.owners.ownersOf(distinct);
    return ref => {
      const found = ref ? owners.get(ref) : undefined;
      return found && found.length > 0 ? found : [null];
    };
  }
}

function groupFigures(bucket: Bucket): WeComAnalyticsGroup {
  return {
    key: bucket.key,
    incidentCount: bucket.incidents.length,
    mtta: durationStats(
      secondsBetween(bucket.incidents, i => i.firstAcknowledgedAt),
    ),
    mttr: durationStats(secondsBetween(bucket.incidents, i => i.closedAt)),
    pageCount: bucket.pages.length,
  };
}

function mostIncidentsFirst(
  a: WeComAnalyticsGroup,
  b: WeComAnalyticsGroup,
): number {
  return (
    b.incidentCount - a.incidentCount ||
    b.pageCount - a.pageCount ||
    (a.key ?? '\uffff').localeCompare(b.key ?? '\uffff')
  );
}

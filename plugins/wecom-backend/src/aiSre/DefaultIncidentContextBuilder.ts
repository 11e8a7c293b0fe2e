import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  WeComIncident,
  WeComIncidentQuery,
} from 'backstage-plugin-wecom-common';
import {
  WeComAnalysisDataSource,
  WeComAnalysisEntityFacts,
  WeComIncidentContext,
  WeComIncidentProvider,
  WeComSimilarIncident,
} from 'backstage-plugin-wecom-node';
import { DateTime, Duration } from 'luxon';
import { incidentUrl } from '../warRooms/warRoomPosts';
import { entityFactsOf, normalizeEntityRef } from './entityFacts';
import { IncidentContextBuilder } from './IncidentContextBuilder';
import { SimilarIncidentIndex } from './similarIncidents';

/** Closed incidents compared, most recent first: enough history, bounded work. */
const DEFAULT_MAX_COMPARED = 2000;
/** The provider's largest page. */
const PAGE_SIZE = 200;
/** Closed incidents change slowly; a question burst reuses one index. */
const DEFAULT_INDEX_TTL = Duration.fromObject({ minutes: 1 });
const SIMILAR_IN_CONTEXT = 3;
/** A model asking for more incidents gets at most this many. */
const MAX_LISTED = 50;

/**
 * {@link IncidentContextBuilder} over the incident provider and the catalog.
 * The catalog or the similarity search failing never fails the context:
 * the analyzer then works from the incident and its timeline alone.
 */
export class DefaultIncidentContextBuilder implements IncidentContextBuilder {
  readonly dataSource: WeComAnalysisDataSource;

  private readonly maxCompared: number;
  private readonly indexTtl: Duration;
  private readonly now: () => DateTime;
  private index?: { builtAt: DateTime; ready: Promise<SimilarIncidentIndex> };

  constructor(
    private readonly deps: {
      incidents: Pick<
        WeComIncidentProvider,
        'getIncident' | 'listIncidents' | 'listTimeline'
      >;
      catalog: CatalogService;
      auth: AuthService;
      /** The Backstage app, for the incident and TechDocs pages. */
      appBaseUrl: string;
      logger: LoggerService;
      /** Most recent closed incidents compared (default 2,000). */
      maxComparedIncidents?: number;
      /** How long one index of closed incidents is reused (default 1 min). */
      indexTtl?: Duration;
      now?: () => DateTime;
    },
  ) {
    this.maxCompared = deps.maxComparedIncidents ?? DEFAULT_MAX_COMPARED;
    this.indexTtl = deps.indexTtl ?? DEFAULT_INDEX_TTL;
    this.now = deps.now ?? (() => DateTime.utc());
    this.dataSource = {
      getIncident: id => deps.incidents.getIncident(id),
      listTimeline: id => deps.incidents.listTimeline(id),
      listIncidents: query => this.listIncidents(query),
      findSimilarIncidents: (text, options) =>
        this.withIndex(index =>
          index.search(text, {
            excludeId: options?.excludeId,
            limit: options?.limit,
          }),
        ),
      describeEntity: ref => this.describeEntity(ref),
    };
  }

  async forIncident(incident: WeComIncident): Promise<WeComIncidentContext> {
    const [timeline, entity, similarIncidents] = await Promise.all([
      this.deps.incidents.listTimeline(incident.id),
      incident.entityRef ? this.describeEntity(incident.entityRef) : undefined,
      this.withIndex(index =>
        index.similarTo(incident, { limit: SIMILAR_IN_CONTEXT }),
      ),
    ]);
    return {
      incident,
      timeline,
      entity,
      similarIncidents,
      incidentUrl: incidentUrl(this.deps.appBaseUrl, incident.id),
    };
  }

  private async listIncidents(
    query: WeComIncidentQuery,
  ): Promise<WeComIncident[]> {
    const limit = Math.min(Math.max(1, query.limit ?? 20), MAX_LISTED);
    const page = await this.deps.incidents.listIncidents({ ...query, limit });
    return page.items;
  }

  private async describeEntity(
    rawRef: string,
  ): Promise<WeComAnalysisEntityFacts | undefined> {
    const ref = normalizeEntityRef(rawRef);
    if (!ref) return undefined;
    try {
      // No request to borrow a token from: analyses run in the background.
      const credentials = await this.deps.auth.getOwnServiceCredentials();
      const entity = await this.deps.catalog.getEntityByRef(ref, {
        credentials,
      });
      return entity
        ? entityFactsOf(ref, entity, { appBaseUrl: this.deps.appBaseUrl })
        : undefined;
    } catch (error) {
      this.deps.logger.warn(
        `Incident analysis goes on without the catalog: reading ${ref} failed: ${error}`,
      );
      return undefined;
    }
  }

  /** Runs `search` on a fresh enough index; no similar incidents on failure. */
  private async withIndex(
    search: (index: SimilarIncidentIndex) => WeComSimilarIncident[],
  ): Promise<WeComSimilarIncident[]> {
    const now = this.now();
    if (!this.index || now >= this.index.builtAt.plus(this.indexTtl)) {
      // Callers at the same time share one build.
      this.index = { builtAt: now, ready: this.buildIndex() };
    }
    const current = this.index;
    try {
      return search(await current.ready);
    } catch (error) {
      if (this.index === current) this.index = undefined;
      this.deps.logger.warn(
        `Similar past incidents are left out: reading closed incidents failed: ${error}`,
      );
      return [];
    }
  }

  private async buildIndex(): Promise<SimilarIncidentIndex> {
    const closed: WeComIncident[] = [];
    while (closed.length < this.maxCompared) {
      const limit = Math.min(PAGE_SIZE, this.maxCompared - closed.length);
      const page = await this.deps.incidents.listIncidents({
        status: ['closed'],
        offset: closed.length,
        limit,
      });
      closed.push(...page.items);
      if (page.items.length < limit || closed.length >= page.totalCount) {
        break;
      }
    }
    return new SimilarIncidentIndex(closed);
  }
}

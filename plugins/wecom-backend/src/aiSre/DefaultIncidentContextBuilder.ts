import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
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
import {
  ConfinedIncidentContexts,
  IncidentContextBuilder,
  IncidentReader,
  ScopedIncidentContexts,
} from './IncidentContextBuilder';
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

/** What a reader without `wecom.incident.read` gets from every incident read. */
const INCIDENTS_REFUSED =
  'The asker may not see incidents (wecom.incident.read): no incident data can be read for them';

/**
 * Incident contexts over the incident provider and the catalog. The catalog
 * or the similarity search failing never fails the context: the analyzer
 * then works from the incident and its timeline alone. A model's reads are
 * never the plugin's whole view: the bot's are
 * {@link DefaultIncidentContextBuilder.scopedTo} the asker, an analysis
 * posted to an incident's War Room or post-mortem is
 * {@link DefaultIncidentContextBuilder.confinedTo} that incident.
 */
export class DefaultIncidentContextBuilder
  implements ScopedIncidentContexts, ConfinedIncidentContexts
{
  /** With the plugin's own rights: only ever handed out narrowed. */
  private readonly reads: WeComAnalysisDataSource;

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
    this.reads = {
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

  /**
   * Reads limited to what `reader` may see: every incident read is refused
   * without `wecom.incident.read` (the model's tool gets the refusal), and
   * the catalog is read with the reader's credentials. The similar-incident
   * index is shared: a reader who may see incidents may see them all.
   */
  scopedTo(reader: IncidentReader): IncidentContextBuilder {
    const refuse = async (): Promise<never> => {
      throw new NotAllowedError(INCIDENTS_REFUSED);
    };
    const catalogAs = reader.credentials;
    if (!reader.mayReadIncidents) {
      return {
        dataSource: {
          getIncident: refuse,
          listTimeline: refuse,
          listIncidents: refuse,
          findSimilarIncidents: refuse,
          describeEntity: ref => this.describeEntity(ref, catalogAs),
        },
        forIncident: refuse,
      };
    }
    return {
      dataSource: {
        ...this.reads,
        describeEntity: ref => this.describeEntity(ref, catalogAs),
      },
      forIncident: incident => this.forIncident(incident, catalogAs),
    };
  }

  /**
   * Reads for an analysis of `incident` that people without
   * `wecom.incident.read` see (War Room members): the tools answer for the
   * incident, its timeline and its entity; anything else is refused, so a
   * prompt injection in the alert's text cannot read other incidents into
   * the post. The similar past incidents the plugin picked stay in the
   * context, summarised (what the built-in analysis has always posted),
   * and the model may not search for more.
   */
  confinedTo(
    incident: WeComIncident,
    options: { catalogAs?: BackstageCredentials } = {},
  ): IncidentContextBuilder {
    const { catalogAs } = options;
    const ownEntity = incident.entityRef
      ? normalizeEntityRef(incident.entityRef)
      : undefined;
    const refuse = async (): Promise<never> => {
      throw new NotAllowedError(
        `This analysis may read only incident ${incident.id} and its entity${
          ownEntity ? ` ${ownEntity}` : ''
        }: what it writes is posted where people may not see other incidents`,
      );
    };
    const isOwn = (id: string) => id === incident.id;
    return {
      dataSource: {
        getIncident: id =>
          isOwn(id) ? this.deps.incidents.getIncident(id) : refuse(),
        listTimeline: id =>
          isOwn(id) ? this.deps.incidents.listTimeline(id) : refuse(),
        listIncidents: refuse,
        findSimilarIncidents: refuse,
        describeEntity: ref =>
          ownEntity && normalizeEntityRef(ref) === ownEntity
            ? this.describeEntity(ownEntity, catalogAs)
            : refuse(),
      },
      forIncident: async wanted => {
        if (!isOwn(wanted.id)) return refuse();
        const context = await this.forIncident(wanted, catalogAs);
        return {
          ...context,
          similarIncidents: context.similarIncidents.map(similar => ({
            ...similar,
            incident: summaryOf(similar.incident),
          })),
        };
      },
    };
  }

  async forIncident(
    incident: WeComIncident,
    catalogAs?: BackstageCredentials,
  ): Promise<WeComIncidentContext> {
    const [timeline, entity, similarIncidents] = await Promise.all([
      this.deps.incidents.listTimeline(incident.id),
      incident.entityRef
        ? this.describeEntity(incident.entityRef, catalogAs)
        : undefined,
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

  /** With `credentials` (a reader's), else the plugin's own. */
  private async describeEntity(
    rawRef: string,
    credentials?: BackstageCredentials,
  ): Promise<WeComAnalysisEntityFacts | undefined> {
    const ref = normalizeEntityRef(rawRef);
    if (!ref) return undefined;
    try {
      // Own credentials: analyses without a reader run in the background.
      const as =
        credentials ?? (await this.deps.auth.getOwnServiceCredentials());
      const entity = await this.deps.catalog.getEntityByRef(ref, {
        credentials: as,
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

/**
 * A past incident as similar-incident lines show it: when, how bad, who
 * closed it; not its description, labels or fields.
 */
function summaryOf(incident: WeComIncident): WeComIncident {
  const { description, labels, fields, fingerprint, ...summary } = incident;
  return summary;
}

import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DateTime } from 'luxon';
import { writeAnalysis } from './analysisMarkdown';
import { EntityFacts, entityFactsOf, unknownEntity } from './entityFacts';
import { IncidentAnalysisInput, IncidentAnalyzer } from './IncidentAnalyzer';

/**
 * The analysis the plugin ships: no model, only rules over the incident,
 * its timeline and what the catalog knows about its entity. It never
 * fails because of the catalog: without it, the incident alone is used.
 */
export class BuiltInIncidentAnalyzer implements IncidentAnalyzer {
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly logger?: LoggerService;
  private readonly timeZone: string;
  private readonly now: () => DateTime;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    /** Told when the catalog fails (the analysis goes on without it). */
    logger?: LoggerService;
    /** IANA zone of the times shown, e.g. `wecom.cards.timeZone`; UTC by default. */
    timeZone?: string;
    /** For tests. */
    now?: () => DateTime;
  }) {
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.logger = options.logger;
    this.timeZone = options.timeZone ?? 'UTC';
    this.now = options.now ?? (() => DateTime.now());
  }

  async analyze({
    incident,
    timeline,
  }: IncidentAnalysisInput): Promise<{ markdown: string }> {
    const entity = incident.entityRef
      ? await this.entityFacts(incident.entityRef)
      : undefined;
    const markdown = writeAnalysis({
      incident,
      timeline,
      entity,
      now: this.now(),
      timeZone: this.timeZone,
    });
    return { markdown };
  }

  private async entityFacts(rawRef: string): Promise<EntityFacts> {
    let ref = rawRef;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(rawRef, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      ).toLocaleLowerCase('en-US');
    } catch {
      return unknownEntity(rawRef, 'missing');
    }
    try {
      // No request to borrow a token from: War Rooms post in the background.
      const credentials = await this.auth.getOwnServiceCredentials();
      const entity = await this.catalog.getEntityByRef(ref, { credentials });
      return entity
        ? entityFactsOf(ref, entity)
        : unknownEntity(ref, 'missing');
    } catch (error) {
      this.logger?.warn(
        `Incident analysis goes on without the catalog: reading ${ref} failed: ${error}`,
      );
      return unknownEntity(ref, 'unreachable');
    }
  }
}

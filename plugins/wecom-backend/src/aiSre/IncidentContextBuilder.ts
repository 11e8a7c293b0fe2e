import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import {
  WeComAnalysisDataSource,
  WeComIncidentContext,
} from 'backstage-plugin-wecom-node';

/**
 * Gathers what the analyzers read about an incident: its timeline, what
 * the catalog knows about its entity, similar past incidents and its page.
 */
export interface IncidentContextBuilder {
  /** Reads for the analyzer: the tools a model server may call. */
  readonly dataSource: WeComAnalysisDataSource;
  forIncident(incident: WeComIncident): Promise<WeComIncidentContext>;
}

/** Whom reads are made for: the Backstage user a bot asker is linked to. */
export interface IncidentReader {
  /** Catalog reads use these, so the catalog's own permission policy applies. */
  credentials: BackstageCredentials;
  /** The policy's `wecom.incident.read` for the user; without it incident reads are refused. */
  mayReadIncidents: boolean;
}

/** Context builders limited to what one user may read (the bot's askers). */
export interface ScopedIncidentContexts {
  scopedTo(reader: IncidentReader): IncidentContextBuilder;
}

/**
 * Context builders confined to one incident, for analyses whose text people
 * without `wecom.incident.read` see (its War Room's first analysis, its
 * post-mortem): the model's tools read that incident, its timeline and its
 * entity, nothing else, whatever the incident's own text asks for.
 */
export interface ConfinedIncidentContexts {
  /**
   * `catalogAs`: whose catalog permissions the entity is read with (the
   * person who asked for the analysis); the plugin's own by default.
   */
  confinedTo(
    incident: WeComIncident,
    options?: { catalogAs?: BackstageCredentials },
  ): IncidentContextBuilder;
}

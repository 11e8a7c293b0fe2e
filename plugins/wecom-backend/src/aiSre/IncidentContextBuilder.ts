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

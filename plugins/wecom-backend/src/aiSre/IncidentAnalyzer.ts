import {
  WeComIncident,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';

/** What an analyzer reads: the incident and its timeline, oldest first. */
export interface IncidentAnalysisInput {
  incident: WeComIncident;
  timeline: WeComTimelineEntry[];
}

/**
 * Writes the analysis a War Room posts after its summary. The plugin ships
 * a rule-based one ({@link BuiltInIncidentAnalyzer}); an AI SRE can take its
 * place behind this interface.
 */
export interface IncidentAnalyzer {
  /** WeCom markdown, small enough for one message (~2,000 bytes). */
  analyze(input: IncidentAnalysisInput): Promise<{ markdown: string }>;
}

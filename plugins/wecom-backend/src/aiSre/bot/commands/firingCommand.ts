import { WeComIncident } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { incidentLine } from './incidentText';

/** Incidents listed by name before "and N more". */
export const LISTED_INCIDENTS = 10;

/**
 * The markdown list of open incidents, newest first, at most
 * {@link LISTED_INCIDENTS} of them.
 */
export function incidentList(
  incidents: WeComIncident[],
  options: { appBaseUrl: string; now: DateTime },
): string {
  const lines = incidents
    .slice(0, LISTED_INCIDENTS)
    .map(incident => incidentLine(incident, options));
  const more = incidents.length - LISTED_INCIDENTS;
  if (more > 0) {
    lines.push(
      `- …and ${more} more: see [all incidents](${options.appBaseUrl}/wecom/incidents)`,
    );
  }
  return lines.join('\n');
}

/** `firing`: what is open for the asker's teams. */
export function firingAnswer(
  incidents: WeComIncident[],
  options: { appBaseUrl: string; now: DateTime },
): string {
  if (incidents.length === 0) {
    return 'Nothing is firing for your teams: no open incidents name you or your groups, or concern what your groups own.';
  }
  const count = incidents.length;
  return [
    `**${count} open incident${count === 1 ? '' : 's'} for your teams**`,
    incidentList(incidents, options),
  ].join('\n');
}

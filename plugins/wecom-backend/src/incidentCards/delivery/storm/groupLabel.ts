import { WeComIncident } from 'backstage-plugin-wecom-common';
import { shortNameOf } from '../../../text/incidentLabels';

const MAX_LABEL = 120;

/**
 * What a digest counts an incident under: its service and its cause, e.g.
 * `payments-api (HighLatency)`. The cause is Alertmanager's `alertname`
 * label where there is one (an incident opened per alert group carries it,
 * `incidents/alertmanager/mapAlertGroup.ts`), else the title: incidents of
 * one deploy's storm share both.
 */
export function groupLabelOf(incident: WeComIncident): string {
  const cause = (incident.labels?.alertname ?? incident.title)
    .replace(/\s+/g, ' ')
    .trim();
  const label = incident.entityRef
    ? `${shortNameOf(incident.entityRef)} (${cause})`
    : cause;
  const chars = [...label];
  return chars.length <= MAX_LABEL
    ? label
    : `${chars.slice(0, MAX_LABEL - 1).join('')}…`;
}

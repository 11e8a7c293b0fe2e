import { WeComIncident } from 'backstage-plugin-wecom-common';
import { SEVERITY_LABELS, STATUS_LABELS } from '../../text/incidentLabels';
import { entityNameOf } from '../../catalog/catalogEntities';

/**
 * The variables a card template can use: every incident field under its
 * own name, plus words ready to show. Documented in docs/card-templates.md;
 * keep the two in step.
 */
export function templateVariables(
  incident: WeComIncident,
  context: { url: string; appTitle: string },
): Record<string, unknown> {
  return {
    ...incident,
    responders: [...incident.responders],
    labels: { ...incident.labels },
    fields: { ...incident.fields },
    severityLabel: SEVERITY_LABELS[incident.severity],
    statusLabel: STATUS_LABELS[incident.status],
    entityName: entityNameOf(incident.entityRef),
    url: context.url,
    appTitle: context.appTitle,
  };
}

/** An incident with every field set, to try a template on before saving it. */
export const SAMPLE_INCIDENT: WeComIncident = {
  id: '00000000-0000-4000-8000-000000000000',
  title: 'Checkout latency above 2 s',
  severity: 'critical',
  status: 'triggered',
  description: 'p99 latency of POST /checkout is 2.4 s (SLO 800 ms)',
  entityRef: 'component:default/payments-api',
  responders: ['group:default/payments-team'],
  source: 'alertmanager',
  fingerprint: 'sample',
  labels: { alertname: 'CheckoutLatency', severity: 'critical' },
  fields: { region: 'sh-1' },
  createdAt: '2026-11-26T09:30:00.000Z',
  updatedAt: '2026-11-26T09:31:00.000Z',
  acknowledgedBy: 'user:default/jdoe',
  acknowledgedAt: '2026-11-26T09:35:00.000Z',
  snoozedUntil: '2026-11-26T11:35:00.000Z',
  closedAt: '2026-11-26T10:00:00.000Z',
  closedBy: 'user:default/jdoe',
};

import { WeComIncident } from 'backstage-plugin-wecom-common';

/** An open incident as the provider returns it; tests override what they need. */
export function incidentFixture(
  overrides: Partial<WeComIncident> = {},
): WeComIncident {
  return {
    id: 'inc-1',
    title: 'Payments failing',
    severity: 'critical',
    status: 'triggered',
    responders: [],
    source: 'api',
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T09:00:00.000Z',
    ...overrides,
  };
}

/** A closed past incident, as similar-incident searches read them. */
export function pastIncidentFixture(
  id: string,
  title: string,
  overrides: Partial<WeComIncident> = {},
): WeComIncident {
  return incidentFixture({
    id,
    title,
    severity: 'high',
    status: 'closed',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  });
}

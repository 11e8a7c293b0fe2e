import { incidentFromAlertGroup, mapSeverity } from './mapAlertGroup';
import { AlertmanagerPayload, alertmanagerPayloadSchema } from './payload';

function payload(overrides: Partial<Record<string, unknown>> = {}) {
  return alertmanagerPayloadSchema.parse({
    version: '4',
    groupKey: 'g',
    status: 'firing',
    alerts: [{ status: 'firing', labels: { alertname: 'HighLatency' } }],
    ...overrides,
  }) as AlertmanagerPayload;
}

describe('incidentFromAlertGroup', () => {
  it('maps the usual severity words onto ours; unknown or missing is a warning', () => {
    expect(mapSeverity('P1')).toBe('critical');
    expect(mapSeverity(' page ')).toBe('critical');
    expect(mapSeverity('error')).toBe('high');
    expect(mapSeverity('warn')).toBe('warning');
    expect(mapSeverity('informational')).toBe('info');
    expect(mapSeverity('whatever')).toBeUndefined();
    expect(incidentFromAlertGroup(payload()).severity).toBe('warning');
    expect(
      incidentFromAlertGroup(payload({ commonLabels: { severity: 'bogus' } }))
        .severity,
    ).toBe('warning');
  });

  it('takes the worst alert severity when the group has no common one', () => {
    const mixed = payload({
      alerts: [
        { status: 'firing', labels: { severity: 'info' } },
        { status: 'firing', labels: { severity: 'critical' } },
        { status: 'firing', labels: { severity: 'warning' } },
      ],
    });
    expect(incidentFromAlertGroup(mixed).severity).toBe('critical');
  });

  it('finds the entity in backstage_entity first, then component; a bad value is left out', () => {
    const ref = (labels: Record<string, string>, annotations = {}) =>
      incidentFromAlertGroup(
        payload({ commonLabels: labels, commonAnnotations: annotations }),
      ).entityRef;
    expect(
      ref({ backstage_entity: 'resource:ops/Main-DB', component: 'x' }),
    ).toBe('resource:ops/main-db');
    expect(ref({ component: 'payments-api' })).toBe(
      'component:default/payments-api',
    );
    expect(ref({}, { backstage_entity: 'system:checkout' })).toBe(
      'system:default/checkout',
    );
    expect(ref({ backstage_entity: 'component:default/' })).toBeUndefined();
    expect(ref({})).toBeUndefined();
  });

  it('titles the incident with the summary, else the alert name, cut to 200 characters', () => {
    expect(incidentFromAlertGroup(payload()).title).toBe('HighLatency');
    const long = incidentFromAlertGroup(
      payload({ commonAnnotations: { summary: '延迟'.repeat(150) } }),
    ).title;
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
    expect(incidentFromAlertGroup(payload({ alerts: [] })).title).toBe(
      'Alert from Alertmanager',
    );
  });
});

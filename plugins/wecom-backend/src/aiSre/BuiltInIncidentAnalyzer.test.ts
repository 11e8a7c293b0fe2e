import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  WeComIncident,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { BuiltInIncidentAnalyzer } from './BuiltInIncidentAnalyzer';
import { MAX_ANALYSIS_BYTES } from './analysisMarkdown';

const NOW = DateTime.fromISO('2026-11-26T10:25:00.000Z');

function incident(overrides: Partial<WeComIncident> = {}): WeComIncident {
  return {
    id: 'inc-1',
    title: 'Payments failing',
    severity: 'critical',
    status: 'triggered',
    entityRef: 'component:default/payments-api',
    responders: [],
    source: 'api',
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T09:00:00.000Z',
    ...overrides,
  };
}

let nextId = 0;
function entry(
  at: string,
  message: string,
  overrides: Partial<WeComTimelineEntry> = {},
): WeComTimelineEntry {
  nextId += 1;
  return {
    id: `e${nextId}`,
    incidentId: 'inc-1',
    at,
    kind: 'comment',
    message,
    ...overrides,
  };
}

const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    description: 'Takes card payments for checkout',
    links: [
      { url: 'https://grafana.example.com/d/payments', title: 'Dashboard' },
      { url: 'https://wiki.example.com/payments/runbook', title: 'On-call' },
      { url: 'https://logs.example.com/payments', title: 'Logs' },
      { url: 'https://wiki.example.com/p', title: 'Failover Playbook' },
    ],
    annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    system: 'checkout',
    owner: 'payments-team',
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
};

function analyzer(
  catalog = catalogServiceMock({ entities: [paymentsApi] }),
  timeZone?: string,
) {
  return new BuiltInIncidentAnalyzer({
    catalog,
    auth: mockServices.auth(),
    timeZone,
    now: () => NOW,
  });
}

/** The lines of one `**Section**` of the markdown. */
function section(markdown: string, title: string): string[] {
  const block = markdown
    .split('\n\n')
    .find(part => part.startsWith(`**${title}**`));
  return block ? block.split('\n').slice(1) : [];
}

describe('BuiltInIncidentAnalyzer', () => {
  it('summarises the incident with how long it is open and who acknowledged it', async () => {
    const { markdown } = await analyzer().analyze({
      incident: incident({
        status: 'processing',
        acknowledgedBy: 'user:default/lisi',
        acknowledgedAt: '2026-11-26T09:07:00.000Z',
      }),
      timeline: [],
    });

    expect(section(markdown, 'Summary')).toEqual([
      'Payments failing',
      'Severity: Critical 严重 · Status: Processing 处理中',
      'Open for 1 h 25 min (since 09:00)',
      'Acknowledged by user:default/lisi 7 min after it opened',
    ]);
  });

  it('describes the impact from the catalog entity', async () => {
    const { markdown } = await analyzer().analyze({
      incident: incident({ fields: { region: 'sh-1' } }),
      timeline: [],
    });

    expect(section(markdown, 'Impact')).toEqual([
      'component:default/payments-api (service, production) in system checkout',
      'Takes card payments for checkout',
      'region: sh-1',
    ]);
  });

  it('lists the owner and at most three links, runbooks and playbooks first', async () => {
    const { markdown } = await analyzer().analyze({
      incident: incident({ responders: ['group:default/sre'] }),
      timeline: [],
    });

    expect(section(markdown, 'Owners and runbooks')).toEqual([
      'Responders: group:default/sre',
      'Owner: group:default/payments-team',
      '[On-call](https://wiki.example.com/payments/runbook)',
      '[Failover Playbook](https://wiki.example.com/p)',
      '[Dashboard](https://grafana.example.com/d/payments)',
      'TechDocs: published in Backstage',
    ]);
  });

  it('shows the last six timeline entries with their times in the configured zone', async () => {
    const timeline = Array.from({ length: 8 }, (_, i) =>
      entry(
        DateTime.fromISO('2026-11-26T09:00:00.000Z')
          .plus({ minutes: i * 5 })
          .toISO()!,
        `step ${i + 1}`,
      ),
    );

    const { markdown } = await analyzer(undefined, 'Asia/Shanghai').analyze({
      incident: incident(),
      timeline,
    });

    expect(section(markdown, 'Timeline')).toEqual([
      '… 2 earlier on the incident page',
      '17:10 step 3',
      '17:15 step 4',
      '17:20 step 5',
      '17:25 step 6',
      '17:30 step 7',
      '17:35 step 8',
    ]);
    expect(markdown).toContain('**Timeline** (GMT+8)');
  });

  it('asks to acknowledge a triggered incident and reports alerts still firing', async () => {
    const firing = (at: string) =>
      entry(at, 'Alertmanager: 2 alerts firing', {
        kind: 'alert',
        actor: 'alertmanager',
        data: { status: 'firing' },
      });

    const { markdown } = await analyzer().analyze({
      incident: incident(),
      timeline: [
        // Older than an hour: not counted.
        firing('2026-11-26T09:00:00.000Z'),
        firing('2026-11-26T09:30:00.000Z'),
        firing('2026-11-26T09:50:00.000Z'),
        firing('2026-11-26T10:20:00.000Z'),
      ],
    });

    expect(section(markdown, 'Next steps')).toEqual([
      '1. Acknowledge: Start processing (unacknowledged for 1 h 25 min; escalation continues until then)',
      '2. Alerts still firing: 3 in the last hour',
    ]);
  });

  it('suggests verifying and closing when the alerts resolved', async () => {
    const { markdown } = await analyzer().analyze({
      incident: incident({ status: 'processing' }),
      timeline: [
        entry('2026-11-26T10:15:00.000Z', 'Alertmanager: 2 alerts resolved', {
          kind: 'alert',
          data: { status: 'resolved' },
        }),
      ],
    });

    expect(section(markdown, 'Next steps')).toEqual([
      '1. The alerts resolved 10:15: verify, then close the incident',
    ]);
  });

  it('tells when a snoozed incident wakes up', async () => {
    const { markdown } = await analyzer().analyze({
      incident: incident({
        status: 'snoozed',
        snoozedUntil: '2026-11-26T11:00:00.000Z',
      }),
      timeline: [],
    });

    expect(section(markdown, 'Next steps')[0]).toBe(
      '1. Snoozed: it is triggered again 11:00 (in 35 min)',
    );
  });

  it('asks for an owner and a runbook when the catalog has neither', async () => {
    const orphan: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'orphan', namespace: 'default' },
      spec: { type: 'service' },
    };

    const { markdown } = await analyzer(
      catalogServiceMock({ entities: [orphan] }),
    ).analyze({
      incident: incident({
        status: 'processing',
        entityRef: 'component:default/orphan',
      }),
      timeline: [],
    });

    expect(section(markdown, 'Impact')).toContain(
      'The catalog does not say which system it belongs to or its lifecycle.',
    );
    expect(section(markdown, 'Owners and runbooks')).toEqual([
      'Owner: none in the catalog',
      'No links in the catalog.',
    ]);
    expect(section(markdown, 'Next steps')).toEqual([
      '1. Set an owner of component:default/orphan in the catalog',
      '2. Add a runbook link to component:default/orphan (metadata.links)',
    ]);
  });

  it('falls back to the incident alone when the catalog fails', async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn().mockRejectedValue(new Error('ECONNREFUSED')),
    });

    const { markdown } = await analyzer(catalog).analyze({
      incident: incident(),
      timeline: [],
    });

    expect(section(markdown, 'Impact')).toEqual([
      'component:default/payments-api: the catalog could not be read, so its system, lifecycle and users cannot be told.',
    ]);
    expect(section(markdown, 'Summary')[0]).toBe('Payments failing');
  });

  it('says it cannot tell the impact without an entity', async () => {
    const catalog = catalogServiceMock.mock();

    const { markdown } = await analyzer(catalog).analyze({
      incident: incident({ entityRef: undefined }),
      timeline: [],
    });

    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
    expect(section(markdown, 'Impact')).toEqual([
      'No catalog entity is attached, so the affected service cannot be told.',
    ]);
    expect(section(markdown, 'Next steps')).toContain(
      '2. Name responders: the incident has no entity and no responders',
    );
  });

  it('ends with an honest note that no AI model wrote it', async () => {
    const { markdown } = await analyzer().analyze({
      incident: incident(),
      timeline: [],
    });

    expect(markdown.split('\n').pop()).toMatch(/^\*Rule-based .*no AI model/);
  });

  it('stays within one WeCom message however long the data is', async () => {
    const long = '很长的描述 '.repeat(400);
    const timeline = Array.from({ length: 30 }, () =>
      entry('2026-11-26T10:00:00.000Z', long),
    );

    const { markdown } = await analyzer().analyze({
      incident: incident({
        title: long,
        description: long,
        responders: Array.from({ length: 50 }, (_, i) => `user:default/u${i}`),
      }),
      timeline,
    });

    expect(Buffer.byteLength(markdown, 'utf8')).toBeLessThanOrEqual(
      MAX_ANALYSIS_BYTES,
    );
    expect(markdown).toMatch(/no AI model.*\*$/);
  });
});

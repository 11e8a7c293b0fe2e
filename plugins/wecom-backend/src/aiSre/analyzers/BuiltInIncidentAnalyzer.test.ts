import { Entity } from '@backstage/catalog-model';
import {
  WeComIncident,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';
import {
  WeComAnalysisAttachment,
  WeComIncidentContext,
  WeComSimilarIncident,
} from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { incidentFixture } from '../../__testUtils__/incidentFixtures';
import { entityFactsOf } from '../entityFacts';
import { BuiltInIncidentAnalyzer } from './BuiltInIncidentAnalyzer';
import { MAX_ANALYSIS_BYTES } from './markdownBudget';

const NOW = DateTime.fromISO('2026-11-26T10:25:00.000Z');

function incident(overrides: Partial<WeComIncident> = {}): WeComIncident {
  return incidentFixture({
    entityRef: 'component:default/payments-api',
    ...overrides,
  });
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
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    system: 'checkout',
    owner: 'payments-team',
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
};

const PAYMENTS_FACTS = entityFactsOf(
  'component:default/payments-api',
  paymentsApi,
);

/** The context the builder would gather; the payments entity by default. */
function context(
  overrides: Partial<WeComIncidentContext> = {},
): WeComIncidentContext {
  return {
    incident: incident(),
    timeline: [],
    entity: PAYMENTS_FACTS,
    similarIncidents: [],
    incidentUrl: 'https://backstage.example.com/wecom/incidents/inc-1',
    ...overrides,
  };
}

function analyzer(timeZone?: string) {
  return new BuiltInIncidentAnalyzer({
    timeZone,
    appBaseUrl: 'https://backstage.example.com',
    now: () => NOW,
  });
}

const pastPoolIncident: WeComSimilarIncident = {
  incident: incident({
    id: 'old-pool',
    title: 'Payments failing: DB pool exhausted',
    status: 'closed',
    createdAt: '2026-10-02T08:00:00.000Z',
    closedAt: '2026-10-02T08:45:00.000Z',
    closedBy: 'user:default/lisi',
  }),
  score: 0.82,
};

/** The lines of one `**Section**` of the markdown. */
function section(markdown: string, title: string): string[] {
  const block = markdown
    .split('\n\n')
    .find(part => part.startsWith(`**${title}**`));
  return block ? block.split('\n').slice(1) : [];
}

describe('BuiltInIncidentAnalyzer.analyzeIncident', () => {
  it('summarises the incident with how long it is open and who acknowledged it', async () => {
    const { markdown } = await analyzer().analyzeIncident(
      context({
        incident: incident({
          status: 'processing',
          acknowledgedBy: 'user:default/lisi',
          acknowledgedAt: '2026-11-26T09:07:00.000Z',
        }),
      }),
    );

    expect(section(markdown, 'Summary')).toEqual([
      'Payments failing',
      'Severity: Critical 严重 · Status: Processing 处理中',
      'Open for 1 h 25 min (since 09:00)',
      'Acknowledged by user:default/lisi 7 min after it opened',
    ]);
  });

  it('describes the impact from the catalog entity', async () => {
    const { markdown } = await analyzer().analyzeIncident(
      context({
        incident: incident({ fields: { region: 'sh-1' } }),
      }),
    );

    expect(section(markdown, 'Impact')).toEqual([
      'component:default/payments-api (production) in system checkout',
      'Takes card payments for checkout',
      'region: sh-1',
    ]);
  });

  it('lists the owner and at most four links, runbooks and playbooks first', async () => {
    const { markdown } = await analyzer().analyzeIncident(
      context({
        incident: incident({ responders: ['group:default/sre'] }),
        entity: {
          ...PAYMENTS_FACTS,
          links: [
            ...PAYMENTS_FACTS.links,
            { title: 'TechDocs', url: 'https://backstage.example.com/docs/x' },
          ],
        },
      }),
    );

    expect(section(markdown, 'Owners and runbooks')).toEqual([
      'Responders: group:default/sre',
      'Owner: group:default/payments-team',
      '[On-call](https://wiki.example.com/payments/runbook)',
      '[Failover Playbook](https://wiki.example.com/p)',
      '[Dashboard](https://grafana.example.com/d/payments)',
      '[Logs](https://logs.example.com/payments)',
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

    const { markdown } = await analyzer('Asia/Shanghai').analyzeIncident(
      context({
        incident: incident(),
        timeline,
      }),
    );

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

    const { markdown } = await analyzer().analyzeIncident(
      context({
        incident: incident(),
        timeline: [
          // Older than an hour: not counted.
          firing('2026-11-26T09:00:00.000Z'),
          firing('2026-11-26T09:30:00.000Z'),
          firing('2026-11-26T09:50:00.000Z'),
          firing('2026-11-26T10:20:00.000Z'),
        ],
      }),
    );

    expect(section(markdown, 'Next steps')).toEqual([
      '1. Acknowledge: Start processing (unacknowledged for 1 h 25 min; escalation continues until then)',
      '2. Alerts still firing: 3 in the last hour',
    ]);
  });

  it('suggests verifying and closing when the alerts resolved', async () => {
    const { markdown } = await analyzer().analyzeIncident(
      context({
        incident: incident({ status: 'processing' }),
        timeline: [
          entry('2026-11-26T10:15:00.000Z', 'Alertmanager: 2 alerts resolved', {
            kind: 'alert',
            data: { status: 'resolved' },
          }),
        ],
      }),
    );

    expect(section(markdown, 'Next steps')).toEqual([
      '1. The alerts resolved 10:15: verify, then close the incident',
    ]);
  });

  it('tells when a snoozed incident wakes up', async () => {
    const { markdown } = await analyzer().analyzeIncident(
      context({
        incident: incident({
          status: 'snoozed',
          snoozedUntil: '2026-11-26T11:00:00.000Z',
        }),
      }),
    );

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

    const { markdown } = await analyzer().analyzeIncident(
      context({
        incident: incident({
          status: 'processing',
          entityRef: 'component:default/orphan',
        }),
        entity: entityFactsOf('component:default/orphan', orphan),
      }),
    );

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

  it('works from the incident alone when the catalog did not describe the entity', async () => {
    const { markdown } = await analyzer().analyzeIncident(
      context({ entity: undefined }),
    );

    expect(section(markdown, 'Impact')).toEqual([
      'component:default/payments-api: not in the catalog, or the catalog could not be read, so its system, lifecycle and users cannot be told.',
    ]);
    expect(section(markdown, 'Summary')[0]).toBe('Payments failing');
  });

  it('says it cannot tell the impact without an entity', async () => {
    const { markdown } = await analyzer().analyzeIncident(
      context({
        incident: incident({ entityRef: undefined }),
        entity: undefined,
      }),
    );

    expect(section(markdown, 'Impact')).toEqual([
      'No catalog entity is attached, so the affected service cannot be told.',
    ]);
    expect(section(markdown, 'Next steps')).toContain(
      '2. Name responders: the incident has no entity and no responders',
    );
  });

  it('ends with an honest note that no AI model wrote it', async () => {
    const { markdown } = await analyzer().analyzeIncident(
      context({
        incident: incident(),
      }),
    );

    expect(markdown.split('\n').pop()).toMatch(/^\*Rule-based .*no AI model/);
  });

  it('lists similar past incidents: when, who closed them, after how long, with a link', async () => {
    const { markdown } = await analyzer().analyzeIncident(
      context({ similarIncidents: [pastPoolIncident] }),
    );

    expect(section(markdown, 'Similar past incidents')).toEqual([
      '[Payments failing: DB pool exhausted](https://backstage.example.com/wecom/incidents/old-pool) · 10-02 · closed by user:default/lisi after 45 min · 82% alike',
    ]);
    expect(section(markdown, 'Next steps')).toContain(
      '2. Read how "Payments failing: DB pool exhausted" was handled (similar past incident)',
    );
  });

  it('calls onText once with the whole analysis', async () => {
    const onText = jest.fn();

    const { markdown } = await analyzer().analyzeIncident(context(), {
      onText,
    });

    expect(onText.mock.calls).toEqual([[markdown]]);
  });

  it('stays within one WeCom message however long the data is', async () => {
    const long = '很长的描述 '.repeat(400);
    const timeline = Array.from({ length: 30 }, () =>
      entry('2026-11-26T10:00:00.000Z', long),
    );

    const { markdown } = await analyzer().analyzeIncident(
      context({
        incident: incident({
          title: long,
          description: long,
          responders: Array.from(
            { length: 50 },
            (_, i) => `user:default/u${i}`,
          ),
        }),
        timeline,
        similarIncidents: Array.from({ length: 3 }, () => ({
          incident: incident({ title: long, status: 'closed' }),
          score: 0.5,
        })),
      }),
    );

    expect(Buffer.byteLength(markdown, 'utf8')).toBeLessThanOrEqual(
      MAX_ANALYSIS_BYTES,
    );
    expect(markdown).toMatch(/no AI model.*\*$/);
  });
});

describe('BuiltInIncidentAnalyzer.answerQuestion', () => {
  const ask = (
    question: string,
    overrides: {
      context?: WeComIncidentContext;
      attachments?: WeComAnalysisAttachment[];
    } = {},
  ) =>
    analyzer().answerQuestion({
      question,
      context: 'context' in overrides ? overrides.context : context(),
      conversation: [],
      attachments: overrides.attachments ?? [],
      askedBy: 'user:default/zhangsan',
    });

  it('answers what is happening with the status, the latest timeline and next steps', async () => {
    const { markdown } = await ask('what is happening?', {
      context: context({
        timeline: [entry('2026-11-26T10:20:00.000Z', 'Error rate 12%')],
      }),
    });

    expect(markdown.split('\n')[0]).toBe(
      '**Payments failing** · Critical 严重 · Triggered 待处理 · [incident page](https://backstage.example.com/wecom/incidents/inc-1)',
    );
    expect(section(markdown, 'Summary')).toContain(
      'Nobody has acknowledged it yet',
    );
    expect(section(markdown, 'Timeline')).toEqual(['10:20 Error rate 12%']);
    expect(section(markdown, 'Next steps')[0]).toMatch(/^1\. Acknowledge/);
  });

  it('answers in Chinese questions too: who is on it', async () => {
    const { markdown } = await ask('谁在负责？', {
      context: context({
        incident: incident({
          status: 'processing',
          acknowledgedBy: 'user:default/lisi',
          acknowledgedAt: '2026-11-26T10:00:00.000Z',
        }),
      }),
    });

    expect(section(markdown, 'Owners and runbooks')).toEqual(
      expect.arrayContaining([
        'Owner: group:default/payments-team',
        'Acknowledged by user:default/lisi at 10:00',
      ]),
    );
  });

  it('points to similar past incidents when asked whether it happened before', async () => {
    const { markdown } = await ask('has this happened before?', {
      context: context({ similarIncidents: [pastPoolIncident] }),
    });

    expect(section(markdown, 'Similar past incidents')[0]).toContain(
      'closed by user:default/lisi after 45 min',
    );
  });

  it('says plainly it cannot tell a cause or read logs', async () => {
    const { markdown } = await ask('why is it failing? check the logs');

    expect(section(markdown, 'Cause')[0]).toMatch(/^I cannot tell the cause/);
    expect(section(markdown, 'Metrics, logs and changes')[0]).toMatch(
      /cannot see metrics, logs/,
    );
  });

  it('points to help and the OpenAI-compatible analyzer for a question it cannot answer', async () => {
    const { markdown } = await ask('write me a haiku about databases');

    expect(markdown).toContain('Type `help` for the commands');
    expect(markdown).toContain('`wecom.aiSre.analyzer: openai`');
    // It still gives what it knows about the incident.
    expect(section(markdown, 'Summary')[0]).toBe('Payments failing');
  });

  it('outside a War Room, says it does not know which incident is meant', async () => {
    const { markdown } = await ask('what is happening?', {
      context: undefined,
    });

    expect(markdown).toMatch(/^This chat is not the War Room of an incident/);
    expect(markdown).toContain('`help`');
  });

  it('tells what attachments it received and quotes the start of text files', async () => {
    const log = Array.from({ length: 15 }, (_, i) => `line ${i + 1}`).join(
      '\n',
    );
    const { markdown } = await ask('what does this mean?', {
      attachments: [
        {
          kind: 'image',
          mimeType: 'image/png',
          bytes: new Uint8Array(12 * 1024),
        },
        {
          kind: 'file',
          mimeType: 'text/plain',
          fileName: 'app.log',
          bytes: new TextEncoder().encode(log),
        },
      ],
    });

    expect(section(markdown, 'Attachments')).toEqual([
      'image 12 KB (image/png) received; the built-in analyzer does not read images.',
      'file app.log 110 bytes (text/plain) received; its first lines:',
      ...Array.from({ length: 10 }, (_, i) => `> line ${i + 1}`),
      '> … 5 more lines',
    ]);
  });
});

describe('BuiltInIncidentAnalyzer.writePostmortem', () => {
  const closed = incident({
    status: 'closed',
    acknowledgedBy: 'user:default/lisi',
    acknowledgedAt: '2026-11-26T09:20:00.000Z',
    closedBy: 'user:default/lisi',
    closedAt: '2026-11-26T10:00:00.000Z',
  });
  const timeline = [
    entry('2026-11-26T09:00:00.000Z', 'Incident created', { kind: 'created' }),
    entry('2026-11-26T09:01:00.000Z', 'Alertmanager: 2 alerts firing', {
      kind: 'alert',
      actor: 'alertmanager',
      data: { status: 'firing' },
    }),
    entry('2026-11-26T09:55:00.000Z', 'Alertmanager: 2 alerts resolved', {
      kind: 'alert',
      actor: 'alertmanager',
      data: { status: 'resolved' },
    }),
  ];

  /** The lines of one `## Section` of the post-mortem. */
  function part(markdown: string, title: string): string[] {
    const block = markdown
      .split('\n\n')
      .find(chunk => chunk.startsWith(`## ${title}`));
    return block ? block.split('\n').slice(1) : [];
  }

  it('has the six sections, in order', async () => {
    const { markdown } = await analyzer().writePostmortem({
      context: context({ incident: closed, timeline }),
      conversation: [],
    });

    expect(markdown.match(/^## .*/gm)).toEqual([
      '## Summary',
      '## Impact',
      '## Timeline',
      '## Root cause',
      '## Corrective actions',
      '## Lessons learned',
    ]);
    expect(part(markdown, 'Summary')[0]).toBe(
      'Critical 严重 incident "Payments failing" on component:default/payments-api, opened 2026-11-26 09:00 UTC (source: api). Acknowledged by user:default/lisi after 20 min. Closed by user:default/lisi 2026-11-26 10:00 UTC, 1 h after it opened.',
    );
    expect(part(markdown, 'Impact')).toContain(
      '- Alerts: 2 notifications, 1 resolved',
    );
    expect(part(markdown, 'Timeline')).toEqual([
      '- 2026-11-26 09:00 UTC Incident created',
      '- 2026-11-26 09:01 UTC Alertmanager: 2 alerts firing (alertmanager)',
      '- 2026-11-26 09:55 UTC Alertmanager: 2 alerts resolved (alertmanager)',
    ]);
    expect(part(markdown, 'Corrective actions')).toContain(
      '- [ ] Review paging: acknowledging took 20 min',
    );
  });

  it('leaves the root cause to people unless the War Room named it', async () => {
    const without = await analyzer().writePostmortem({
      context: context({ incident: closed, timeline }),
      conversation: [
        { at: '2026-11-26T09:30:00.000Z', from: 'lisi', text: 'looking' },
      ],
    });
    const withCause = await analyzer().writePostmortem({
      context: context({ incident: closed, timeline }),
      conversation: [
        {
          at: '2026-11-26T09:40:00.000Z',
          from: 'lisi',
          entityRef: 'user:default/lisi',
          text: 'Root cause: the pool size was halved by the 09:00 deploy',
        },
        {
          at: '2026-11-26T09:41:00.000Z',
          from: 'wangwu',
          text: '根因：连接池配置错误',
        },
        {
          at: '2026-11-26T09:50:00.000Z',
          from: 'lisi',
          text: 'action: alert on pool saturation',
        },
      ],
    });

    expect(part(without.markdown, 'Root cause')).toEqual([
      'Not determined automatically — fill in.',
    ]);
    expect(part(withCause.markdown, 'Root cause')).toEqual([
      '- the pool size was halved by the 09:00 deploy (user:default/lisi)',
      '- 连接池配置错误 (wangwu)',
    ]);
    expect(part(withCause.markdown, 'Corrective actions')[0]).toBe(
      '- [ ] alert on pool saturation (lisi)',
    );
    expect(part(withCause.markdown, 'Timeline')).toContain(
      '- War Room chat: 3 messages from 2 people, starting 2026-11-26 09:40 UTC',
    );
  });

  it('says no model wrote it and calls onText once', async () => {
    const onText = jest.fn();

    const { markdown } = await analyzer().writePostmortem(
      { context: context({ incident: closed }), conversation: [] },
      { onText },
    );

    expect(markdown).toMatch(/no AI model was used/);
    expect(onText.mock.calls).toEqual([[markdown]]);
  });
});

describe('BuiltInIncidentAnalyzer and outside text', () => {
  // Whoever sends an alert or edits a catalog entity writes these; the
  // analysis goes to the War Room and the bot's chats as WeCom markdown.
  const poisoned = context({
    incident: incident({
      title: '紧急 [点此处理](https://evil.example/login) <@all>',
      description: '<font color="info">已恢复</font> **请立即登录**',
      fields: { '<@all>': '![x](https://evil.example/p.png)' },
      acknowledgedBy: 'user:default/<@all>',
      acknowledgedAt: '2026-11-26T09:07:00.000Z',
      status: 'closed',
      closedAt: '2026-11-26T10:00:00.000Z',
      closedBy: 'user:default/[me](https://evil.example)',
      responders: ['group:default/`sre`'],
    }),
    timeline: [
      entry(
        '2026-11-26T10:20:00.000Z',
        '[重新登录](https://evil.example/sso)',
        {
          kind: 'alert',
          actor: '<@all>',
          data: { status: 'firing' },
        },
      ),
    ],
    entity: {
      ...PAYMENTS_FACTS,
      description: '# 系统通知：账号即将停用',
      links: [
        {
          title: 'Runbook](https://evil.example) [x',
          url: 'https://wiki.example.com/a) [点此](https://evil.example',
        },
      ],
    },
    similarIncidents: [
      {
        ...pastPoolIncident,
        incident: {
          ...pastPoolIncident.incident,
          title: '[旧](https://evil.example/old)',
        },
      },
    ],
  });

  /** No link, image, tag, mention or heading of the outside text renders. */
  function expectOnlyOwnMarkup(markdown: string, ownHeadings: string[] = []) {
    expect(markdown).not.toMatch(/\]\(https:\/\/evil/);
    expect(markdown).not.toContain('<@');
    expect(markdown).not.toContain('<font');
    expect(markdown).not.toContain('**请立即登录**');
    expect(markdown.match(/^[ \t]*#.*$/gm) ?? []).toEqual(ownHeadings);
  }

  it('shows it as text in the analysis, keeping catalog links within their target', async () => {
    const { markdown } = await analyzer().analyzeIncident(poisoned);
    expectOnlyOwnMarkup(markdown);
    expect(section(markdown, 'Summary')[0]).toBe(
      '紧急 ［点此处理］(https://evil.example/login) ＜@all＞',
    );
    expect(section(markdown, 'Owners and runbooks')).toContain(
      '[Runbook］(https://evil.example) ［x](https://wiki.example.com/a%29%20%5B%E7%82%B9%E6%AD%A4%5D%28https://evil.example)',
    );
  });

  it('shows it as text in answers, attachments included', async () => {
    const { markdown } = await analyzer().answerQuestion({
      question: 'status, runbooks, timeline, alerts, similar, who',
      context: poisoned,
      conversation: [],
      attachments: [
        {
          kind: 'file',
          fileName: '[f](https://evil.example/f).log',
          mimeType: 'text/plain',
          bytes: new TextEncoder().encode(
            '# heading\n[l](https://evil.example/l) <@all>\n',
          ),
        },
      ],
      askedBy: 'user:default/zhangsan',
    });
    expectOnlyOwnMarkup(markdown);
    expect(markdown.split('\n')[0]).toBe(
      '**紧急 ［点此处理］(https://evil.example/login) ＜@all＞** · Critical 严重 · Closed 已关闭 · [incident page](https://backstage.example.com/wecom/incidents/inc-1)',
    );
  });

  it('shows it as text in the post-mortem, the War Room chat included', async () => {
    const { markdown } = await analyzer().writePostmortem({
      context: poisoned,
      conversation: [
        {
          at: '2026-11-26T09:40:00.000Z',
          from: '<@all>',
          text: 'root cause: [c](https://evil.example/c) <@all>',
        },
      ],
    });
    expectOnlyOwnMarkup(markdown, [
      '# Post-mortem: 紧急 ［点此处理］(https://evil.example/login) ＜@all＞',
      '## Summary',
      '## Impact',
      '## Timeline',
      '## Root cause',
      '## Corrective actions',
      '## Lessons learned',
    ]);
    expect(markdown).toContain(
      '- ［c］(https://evil.example/c) ＜@all＞ (＜@all＞)',
    );
  });
});

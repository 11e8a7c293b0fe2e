import type {
  WeComCardDelivery,
  WeComCardPreview,
  WeComCardTemplate,
  WeComIncident,
  WeComIncidentPage,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';

/** A critical incident of payments-api nobody has acknowledged yet. */
export const paymentsIncident: WeComIncident = {
  id: '6f1c2d3e-0000-4000-8000-000000000001',
  title: 'Payments API error rate above 5%',
  severity: 'critical',
  status: 'triggered',
  description: 'HTTP 5xx rate on payments-api is 7.2% for 10 minutes.',
  entityRef: 'component:default/payments-api',
  responders: ['group:default/payments-team'],
  source: 'api',
  fields: { region: 'sh-1' },
  createdAt: '2026-11-26T09:00:00.000Z',
  updatedAt: '2026-11-26T09:00:00.000Z',
};

/** A warning about the search service that Zhang San is working on. */
export const searchIncident: WeComIncident = {
  id: '6f1c2d3e-0000-4000-8000-000000000002',
  title: 'Search latency p99 over 2 s',
  severity: 'warning',
  status: 'processing',
  entityRef: 'component:default/search',
  responders: [],
  source: 'alertmanager',
  createdAt: '2026-11-26T07:30:00.000Z',
  updatedAt: '2026-11-26T07:40:00.000Z',
  acknowledgedBy: 'user:default/zhangsan',
  acknowledgedAt: '2026-11-26T07:40:00.000Z',
};

/** The payments incident in another status, with who got it there. */
export function incidentIn(
  status: WeComIncident['status'],
  base: WeComIncident = paymentsIncident,
): WeComIncident {
  switch (status) {
    case 'processing':
      return {
        ...base,
        status,
        acknowledgedBy: 'user:default/zhangsan',
        acknowledgedAt: '2026-11-26T09:05:00.000Z',
      };
    case 'snoozed':
      return { ...base, status, snoozedUntil: '2026-11-26T11:05:00.000Z' };
    case 'closed':
      return {
        ...base,
        status,
        acknowledgedBy: 'user:default/zhangsan',
        acknowledgedAt: '2026-11-26T09:05:00.000Z',
        closedBy: 'user:platform/wangwu',
        closedAt: '2026-11-26T09:30:00.000Z',
      };
    default:
      return { ...base, status };
  }
}

/** A page of `GET /incidents`; override what a test needs. */
export function incidentsPage(
  overrides: Partial<WeComIncidentPage> = {},
): WeComIncidentPage {
  const items = overrides.items ?? [paymentsIncident, searchIncident];
  return {
    items,
    totalCount: items.length,
    offset: 0,
    limit: 25,
    ...overrides,
  };
}

/** The payments incident's timeline as the backend answers it: oldest first. */
export const paymentsTimeline: WeComTimelineEntry[] = [
  {
    id: 't1',
    incidentId: paymentsIncident.id,
    at: '2026-11-26T09:00:00.000Z',
    actor: 'user:default/admin',
    kind: 'created',
    message: 'Opened the incident',
  },
  {
    id: 't2',
    incidentId: paymentsIncident.id,
    at: '2026-11-26T09:00:02.000Z',
    kind: 'notification',
    message: 'Sent cards to 3 people; 1 responder is not linked to WeCom',
  },
  {
    id: 't3',
    incidentId: paymentsIncident.id,
    at: '2026-11-26T09:05:00.000Z',
    actor: 'user:default/zhangsan',
    kind: 'transition',
    message: 'Started processing',
  },
  {
    id: 't4',
    incidentId: paymentsIncident.id,
    at: '2026-11-26T09:06:00.000Z',
    kind: 'card',
    message: 'The card of wangwu is stale: no response code left',
  },
];

const delivery = {
  incidentId: paymentsIncident.id,
  integrationId: 'acme',
  level: 0,
  updatedAt: '2026-11-26T09:00:02.000Z',
};

/** One recipient of each delivery status, one of them with a stale card. */
export const paymentsDeliveries: WeComCardDelivery[] = [
  {
    ...delivery,
    taskId: 'inc-1-a',
    entityRef: 'user:default/zhangsan',
    wecomUserId: 'ZhangSan',
    status: 'sent',
    cardStatus: 'processing',
  },
  {
    ...delivery,
    taskId: 'inc-1-a',
    entityRef: 'user:platform/wangwu',
    wecomUserId: 'wangwu',
    status: 'sent',
    cardStatus: 'triggered',
    stale: true,
  },
  {
    ...delivery,
    entityRef: 'user:default/lisi',
    status: 'unlinked',
  },
  {
    ...delivery,
    entityRef: 'user:default/zhaoliu',
    status: 'optedOut',
  },
  {
    ...delivery,
    taskId: 'inc-1-a',
    entityRef: 'user:default/sunqi',
    wecomUserId: 'sunqi',
    status: 'invalidUser',
  },
  {
    ...delivery,
    taskId: 'inc-1-b',
    level: 1,
    entityRef: 'user:default/oncall-lead',
    wecomUserId: 'lead',
    status: 'failed',
    error: 'WeCom answered 45009: over the API rate limit',
  },
  {
    ...delivery,
    taskId: 'inc-1-c',
    level: 1,
    entityRef: 'user:default/backup',
    wecomUserId: 'backup',
    status: 'pending',
  },
];

/** The acme integration's default card template. */
export const acmeDefaultTemplate: WeComCardTemplate = {
  integrationId: 'acme',
  title: '[{{severity}}] {{title}}',
  body: '{{description}}\nRegion: {{fields.region}}',
  updatedAt: '2026-11-25T10:00:00.000Z',
  updatedBy: 'user:default/admin',
};

/** The payments-api service's own template at acme. */
export const paymentsTemplate: WeComCardTemplate = {
  integrationId: 'acme',
  entityRef: 'component:default/payments-api',
  title: 'Payments: {{title}}',
  body: 'Runbook: https://wiki.acme.example/payments\n{{description}}',
  updatedAt: '2026-11-25T11:00:00.000Z',
  updatedBy: 'user:default/admin',
};

/** A preview whose body was cut to 8 lines and whose title fell back. */
export const truncatedPreview: WeComCardPreview = {
  templateUsed: 'default',
  warnings: [
    'The title template failed to render (missing closing }}); the default template was used.',
    'The body has 11 lines; the card shows the first 8 and ends the 8th with …',
  ],
  card: {
    card_type: 'button_interaction',
    source: { desc: 'Backstage' },
    main_title: {
      title: '[Critical] Payments API error rate above 5%',
      desc: 'Triggered',
    },
    sub_title_text:
      'line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8…',
    horizontal_content_list: [
      { keyname: 'Severity', value: 'Critical' },
      { keyname: 'Status', value: 'Triggered' },
      { keyname: 'Service', value: 'component:default/payments-api' },
      {
        keyname: 'Details',
        value: 'Open in Backstage',
        type: 1,
        url: 'https://backstage.example.com/wecom/incidents/6f1c2d3e-0000-4000-8000-000000000001',
      },
    ],
    card_action: {
      type: 1,
      url: 'https://backstage.example.com/wecom/incidents/6f1c2d3e-0000-4000-8000-000000000001',
    },
    task_id: 'preview',
    button_list: [
      { text: 'Start Processing', style: 1, key: 'inc:x:start' },
      { text: 'Close Directly', style: 2, key: 'inc:x:close' },
      { text: 'Snooze 2 hours', style: 2, key: 'inc:x:snooze:120' },
      { text: 'Refresh', style: 4, key: 'inc:x:refresh' },
    ],
    action_menu: {
      desc: 'More',
      action_list: [
        { text: 'Snooze 30 minutes', key: 'inc:x:snooze:30' },
        { text: 'Snooze 4 hours', key: 'inc:x:snooze:240' },
        { text: 'Snooze 1 day', key: 'inc:x:snooze:1440' },
      ],
    },
  },
};

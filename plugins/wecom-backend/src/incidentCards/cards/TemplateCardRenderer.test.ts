import { mockServices } from '@backstage/backend-test-utils';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import { cardActionKey, parseCardActionKey, TemplateCard } from '../contracts';
import { CardTemplateEngine } from '../templates/CardTemplateEngine';
import { measureText } from '../../text/fitText';
import { TemplateCardRenderer } from './TemplateCardRenderer';

const incident: WeComIncident = {
  id: '3f2b6c1e-9a4d-4e2b-8f00-5d1c2b3a4e5f',
  title: 'Checkout latency above 2 s',
  severity: 'critical',
  status: 'triggered',
  description: 'p99 of POST /checkout is 2.4 s',
  entityRef: 'component:default/payments-api',
  responders: [],
  source: 'api',
  labels: { team: 'payments' },
  fields: { region: 'sh-1' },
  createdAt: '2026-11-26T09:30:00.000Z',
  updatedAt: '2026-11-26T09:30:00.000Z',
};
const url = `https://backstage.example.com/wecom/incidents/${incident.id}`;
const taskId = 'inc-3f2b6c1e-1';

function setup(template?: { title: string; body: string }) {
  const logger = mockServices.logger.mock();
  const lookups: Array<[string, string | undefined]> = [];
  const renderer = new TemplateCardRenderer({
    templates: {
      lookup: async (integrationId, entityRef) => {
        lookups.push([integrationId, entityRef]);
        return template && { integrationId, ...template };
      },
    },
    engine: new CardTemplateEngine({ timeZone: 'Asia/Shanghai' }),
    appTitle: 'ACME Backstage',
    incidentUrl: id => `https://backstage.example.com/wecom/incidents/${id}`,
    logger,
  });
  return { renderer, logger, lookups };
}

const rowsOf = (card: TemplateCard) =>
  (card.horizontal_content_list as Array<Record<string, unknown>>).map(row =>
    row.url ? [row.keyname, row.value, row.url] : [row.keyname, row.value],
  );
const buttonsOf = (card: TemplateCard) =>
  (card.button_list as Array<{ key: string }>).map(
    b => parseCardActionKey(b.key)!.action,
  );

describe('TemplateCardRenderer', () => {
  it('renders a button_interaction card with the incident, its buttons and its menu', async () => {
    const { renderer, lookups } = setup();
    const result = await renderer.renderIncidentCard({
      incident,
      integrationId: 'acme',
      taskId,
    });

    expect(lookups).toEqual([['acme', 'component:default/payments-api']]);
    expect(result.templateUsed).toBe('default');
    expect(result.warnings).toEqual([]);
    expect(result.card).toEqual({
      card_type: 'button_interaction',
      source: { desc: 'ACME Backstage' },
      main_title: {
        title: 'Checkout latency above 2 s',
        desc: 'Critical 严重',
      },
      sub_title_text: 'p99 of POST /checkout is 2.4 s',
      horizontal_content_list: [
        { keyname: 'Status', value: 'Triggered 待处理' },
        { keyname: 'Service', value: 'payments-api' },
        { keyname: 'Created', value: '2026-11-26 17:30 GMT+8' },
        { keyname: 'region', value: 'sh-1' },
      ],
      card_action: { type: 1, url },
      task_id: taskId,
      button_list: [
        {
          text: 'Start Processing',
          style: 1,
          key: cardActionKey(incident.id, { kind: 'startProcessing' }),
        },
        {
          text: 'Close Directly',
          style: 3,
          key: cardActionKey(incident.id, { kind: 'close' }),
        },
        {
          text: 'Snooze 2 hours',
          style: 4,
          key: cardActionKey(incident.id, { kind: 'snooze', minutes: 120 }),
        },
        {
          text: 'Refresh',
          style: 4,
          key: cardActionKey(incident.id, { kind: 'refresh' }),
        },
      ],
      action_menu: {
        desc: 'Snooze for longer 暂缓',
        action_list: [
          { text: 'Snooze 30 minutes', key: `inc:${incident.id}:snooze:30` },
          { text: 'Snooze 4 hours', key: `inc:${incident.id}:snooze:240` },
          { text: 'Snooze 1 day', key: `inc:${incident.id}:snooze:1440` },
        ],
      },
    });
  });

  it('shows the first 8 lines of a longer custom area, the last ending in an ellipsis, with a Details link', async () => {
    const body = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join(
      '\n',
    );
    const { renderer } = setup({ title: '{{title}}', body });
    const { card, warnings, templateUsed } = await renderer.renderIncidentCard({
      incident,
      integrationId: 'acme',
      taskId,
    });

    expect(templateUsed).toBe('custom');
    const lines = (card.sub_title_text as string).split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe('line 1');
    expect(lines[7]).toBe('line 8…');
    expect(warnings).toContain(
      'The custom area has 12 lines; the card shows the first 8, the last ending in "…"',
    );
    expect(rowsOf(card).at(-1)).toEqual(['Details', 'Full text 查看全文', url]);
    expect(card.card_action).toEqual({ type: 1, url });
  });

  it('cuts long CJK text within WeCom limits without splitting characters', async () => {
    const title =
      '支付服务数据库主从延迟超过阈值导致订单写入失败请立即处理否则影响双十一大促活动';
    const description = '订单库主从延迟持续升高。'.repeat(20);
    const room =
      '上海浦东新区张江高科技园区第三数据中心二号楼四层东侧机柜第十二排';
    const { renderer } = setup();
    const { card, warnings } = await renderer.renderIncidentCard({
      incident: {
        ...incident,
        title,
        description,
        fields: { 数据中心机房: room },
      },
      integrationId: 'acme',
      taskId,
    });

    const mainTitle = (card.main_title as { title: string }).title;
    expect(Array.from(mainTitle)).toHaveLength(36);
    expect(title.startsWith(mainTitle.slice(0, -1))).toBe(true);
    expect(mainTitle.endsWith('…')).toBe(true);

    const area = card.sub_title_text as string;
    expect(Array.from(area).length).toBeLessThanOrEqual(160);
    expect(description.startsWith(area.slice(0, -1))).toBe(true);

    const rows = card.horizontal_content_list as Array<{
      keyname: string;
      value: string;
    }>;
    for (const row of rows) {
      expect(measureText(row.keyname, { width: 5 })).toBeLessThanOrEqual(5);
      expect(measureText(row.value, { width: 30 })).toBeLessThanOrEqual(30);
    }
    expect(rows[3]).toEqual({
      keyname: '数据中心…',
      value: `${room.slice(0, 29)}…`,
    });
    expect(rowsOf(card).at(-1)).toEqual(['Details', 'Full text 查看全文', url]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'The title is over WeCom\'s limit of 36 characters; it was cut with "…"',
        'The custom area is over WeCom\'s limit of 160 characters; it was cut with "…"',
      ]),
    );
  });

  it('renders every incident field into a custom template', async () => {
    const { renderer } = setup({
      title: '[{{upper severity}}] {{title}} ({{entityName}})',
      body: [
        '{{statusLabel}} in {{fields.region}} for team {{labels.team}}',
        'Since {{date createdAt "HH:mm"}}: {{url}}',
        '{{#each fields}}{{@key}}={{this}}{{/each}} <not-escaped> & "quotes"',
      ].join('\n'),
    });
    const { card, templateUsed } = await renderer.renderIncidentCard({
      incident,
      integrationId: 'acme',
      taskId,
    });

    expect(templateUsed).toBe('custom');
    expect(card.main_title).toMatchObject({
      title: '[CRITICAL] Checkout latency above 2 s (payments-api)',
    });
    expect(card.sub_title_text).toBe(
      [
        'Triggered 待处理 in sh-1 for team payments',
        `Since 17:30: ${url}`,
        'region=sh-1 <not-escaped> & "quotes"',
      ].join('\n'),
    );
  });

  it.each([
    ['a syntax error', { title: '{{title', body: 'fine' }],
    ['a failing helper', { title: '{{title}}', body: '{{#if}}x{{/if}}' }],
    ['an unknown helper', { title: '{{nope title}}', body: '' }],
  ])(
    'falls back to the built-in template on %s, with a warning and a log line',
    async (_, broken) => {
      const { renderer, logger } = setup(broken);
      const { card, templateUsed, warnings } =
        await renderer.renderIncidentCard({
          incident,
          integrationId: 'acme',
          taskId,
        });

      expect(templateUsed).toBe('default');
      expect(card.main_title).toMatchObject({ title: incident.title });
      expect(card.sub_title_text).toBe(incident.description);
      expect(warnings).toEqual([
        expect.stringMatching(
          /^The template failed to render \(.+\); the built-in template was used$/,
        ),
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /^Card template of integration acme failed to render; sent the built-in template instead: /,
        ),
      );
    },
  );

  it('falls back to the built-in template when the title renders empty', async () => {
    const { renderer } = setup({ title: '{{missing}} ', body: 'x' });
    const { card, templateUsed, warnings } = await renderer.renderIncidentCard({
      incident,
      integrationId: 'acme',
      taskId,
    });

    expect(templateUsed).toBe('default');
    expect(card.main_title).toMatchObject({ title: incident.title });
    expect(warnings).toEqual([
      'The template title rendered empty; the built-in template was used',
    ]);
  });

  it('shows at most 6 rows and says which fields did not fit', async () => {
    const { renderer } = setup();
    const { card, warnings } = await renderer.renderIncidentCard({
      incident: {
        ...incident,
        fields: { a: '1', b: '2', c: '3', d: '4' },
      },
      integrationId: 'acme',
      taskId,
    });

    expect(rowsOf(card).map(([name]) => name)).toEqual([
      'Status',
      'Service',
      'Created',
      'a',
      'b',
      'c',
    ]);
    expect(warnings).toEqual([
      'A card has at most 6 rows; not shown: d (the incident page has them)',
    ]);
  });

  it('updates the card with the new status, who changed it, and only the buttons that still apply', async () => {
    const { renderer } = setup({ title: '{{title}}', body: '{{description}}' });
    const update = (status: WeComIncident['status'], changedBy?: string) =>
      renderer.renderUpdatedCard({
        incident: { ...incident, status },
        integrationId: 'acme',
        taskId,
        changedBy,
      });

    const processing = await update('processing', 'John Doe');
    expect(processing.task_id).toBe(taskId);
    expect(processing.sub_title_text).toBe(incident.description);
    expect(rowsOf(processing)[0]).toEqual([
      'Status',
      'Processing 处理中 · by John Doe',
    ]);
    expect(buttonsOf(processing)).toEqual([
      { kind: 'close' },
      { kind: 'snooze', minutes: 120 },
      { kind: 'refresh' },
    ]);
    expect(processing.action_menu).toBeDefined();

    const snoozed = await update('snoozed', '张三');
    expect(rowsOf(snoozed)[0]).toEqual(['Status', 'Snoozed 已暂缓 · by 张三']);
    expect(buttonsOf(snoozed)).toEqual([
      { kind: 'startProcessing' },
      { kind: 'close' },
      { kind: 'refresh' },
    ]);
    expect(snoozed.action_menu).toBeUndefined();

    const closed = await update('closed', 'John Doe');
    expect(rowsOf(closed)[0]).toEqual([
      'Status',
      'Closed 已关闭 · by John Doe',
    ]);
    expect(buttonsOf(closed)).toEqual([{ kind: 'refresh' }]);
    expect(closed.action_menu).toBeUndefined();

    const reopened = await update('triggered');
    expect(rowsOf(reopened)[0]).toEqual(['Status', 'Triggered 待处理']);
    expect(buttonsOf(reopened)).toHaveLength(4);
  });

  it('refuses a task id WeCom would refuse rather than cut it', async () => {
    const { renderer } = setup();
    for (const bad of ['', 'has space', 'x'.repeat(129), '任务']) {
      await expect(
        renderer.renderIncidentCard({
          incident,
          integrationId: 'acme',
          taskId: bad,
        }),
      ).rejects.toThrow(/Invalid task_id/);
    }
  });
});

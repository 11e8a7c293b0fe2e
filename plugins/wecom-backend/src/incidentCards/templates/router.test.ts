import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import express from 'express';
import request from 'supertest';
import { createTestDatabases } from '../../__testUtils__/databases';
import { applyMigrations } from '../../database/migrations';
import { WeComIntegration } from '../../integrations/types';
import { TemplateCardRenderer } from '../cards/TemplateCardRenderer';
import { CardTemplateEngine } from './CardTemplateEngine';
import { CardTemplateService } from './CardTemplateService';
import { DatabaseCardTemplateStore } from './DatabaseCardTemplateStore';
import { createCardTemplatesRouter } from './router';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const admin = {
  Authorization: mockCredentials.user.header('user:default/admin'),
};

const incident: WeComIncident = {
  id: 'b6a1d1f0-0000-4000-8000-00000000abcd',
  title: 'Payment gateway 502s',
  severity: 'critical',
  status: 'processing',
  description: 'Upstream returns 502 for 30% of requests',
  entityRef: 'component:default/payments-api',
  responders: [],
  source: 'alertmanager',
  labels: { cluster: 'prod-sh' },
  fields: { region: 'sh-1' },
  createdAt: '2026-11-26T09:30:00.000Z',
  updatedAt: '2026-11-26T09:40:00.000Z',
  acknowledgedBy: 'user:default/jdoe',
};

async function startApp(options: {
  knex: Awaited<ReturnType<typeof databases.init>>;
  denyManage?: boolean;
  /** Permissions the policy denies, by name. */
  deny?: string[];
}) {
  const store = new DatabaseCardTemplateStore(options.knex);
  const engine = new CardTemplateEngine({ timeZone: 'UTC' });
  const renderer = new TemplateCardRenderer({
    templates: store,
    engine,
    appTitle: 'ACME Backstage',
    incidentUrl: id => `https://backstage.example.com/wecom/incidents/${id}`,
    logger: mockServices.logger.mock(),
  });
  const cardTemplates = new CardTemplateService({
    store,
    engine,
    renderer,
    integrations: {
      require: async (id: string) => {
        if (id !== 'acme')
          throw new NotFoundError(`No WeCom integration with id "${id}"`);
        return { id } as WeComIntegration;
      },
    },
  });
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result:
          'permission' in r &&
          ((options.denyManage &&
            r.permission.name === 'wecom.integration.manage') ||
            options.deny?.includes(r.permission.name))
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
  });
  const auditor = mockServices.auditor.mock();
  const incidents = new Map([[incident.id, incident]]);
  const app = express();
  app.use(
    createCardTemplatesRouter({
      cardTemplates,
      incidents: { getIncident: async id => incidents.get(id) },
      httpAuth: mockServices.httpAuth(),
      permissions,
      auditor,
    }),
  );
  app.use(mockErrorHandler());
  return { app, auditor, store };
}

describe.each(databases.eachSupportedId())('card templates API on %p', id => {
  let knex: Awaited<ReturnType<typeof databases.init>>;
  let ctx: Awaited<ReturnType<typeof startApp>>;

  beforeAll(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
  });
  beforeEach(async () => {
    await knex('wecom_card_templates').delete();
    ctx = await startApp({ knex });
  });
  afterAll(() => knex.destroy());

  const save = (body: object) =>
    request(ctx.app).put('/templates').set(admin).send(body);
  const preview = (body: object) =>
    request(ctx.app)
      .post('/templates/preview')
      .set(admin)
      .send({ integrationId: 'acme', incidentId: incident.id, ...body });

  it('saves templates per integration and per service, as the admin who did it, and lists them', async () => {
    const integrationWide = await save({
      integrationId: 'acme',
      title: '{{title}}',
      body: '{{description}}',
    });
    expect(integrationWide.status).toBe(200);
    expect(integrationWide.body).toEqual({
      integrationId: 'acme',
      title: '{{title}}',
      body: '{{description}}',
      updatedBy: 'user:default/admin',
      updatedAt: expect.any(String),
    });

    const service = await save({
      integrationId: 'acme',
      entityRef: 'Component:default/Payments-API',
      title: '[{{upper severity}}] {{title}}',
      body: 'Region {{fields.region}}',
    });
    expect(service.status).toBe(200);
    expect(service.body.entityRef).toBe('component:default/payments-api');
    expect(ctx.auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'template-change',
        meta: expect.objectContaining({
          action: 'save',
          integrationId: 'acme',
          entityRef: 'Component:default/Payments-API',
        }),
      }),
    );

    const list = await request(ctx.app)
      .get('/templates')
      .query({ integration: 'acme' })
      .set(admin);
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: any) => [t.entityRef, t.title])).toEqual([
      [undefined, '{{title}}'],
      ['component:default/payments-api', '[{{upper severity}}] {{title}}'],
    ]);
    expect(list.body.builtIn).toEqual({
      title: '{{title}}',
      body: expect.stringContaining('{{description}}'),
    });
  });

  it('refuses templates that do not compile or render, saying why, and keeps none', async () => {
    const cases = [
      [{ title: '{{title', body: '' }, /^Invalid template: title: Parse error/],
      [
        { title: 'ok', body: '{{#if}}x{{/if}}' },
        /body: #if requires exactly one argument/,
      ],
      [{ title: '{{shout title}}', body: '' }, /unknown helper shout/],
      [
        { title: '   ', body: '' },
        /^Invalid template: title: must not be empty/,
      ],
    ] as const;
    for (const [template, reason] of cases) {
      const res = await save({ integrationId: 'acme', ...template });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(reason);
    }
    expect(await ctx.store.list('acme')).toEqual([]);
  });

  it('refuses an unknown integration (404) and a ref that is not an entity ref (400)', async () => {
    const unknown = await save({ integrationId: 'nope', title: 't', body: '' });
    expect(unknown.status).toBe(404);
    const badRef = await save({
      integrationId: 'acme',
      entityRef: 'payments-api',
      title: 't',
      body: '',
    });
    expect(badRef.status).toBe(400);
    expect(badRef.body.error.message).toMatch(/not an entity ref/);
  });

  it('deletes a template, then answers 404 for it', async () => {
    await save({
      integrationId: 'acme',
      entityRef: 'component:default/payments-api',
      title: 't',
      body: '',
    });
    const del = () =>
      request(ctx.app)
        .delete('/templates')
        .query({
          integration: 'acme',
          entityRef: 'component:default/payments-api',
        })
        .set(admin);
    expect((await del()).status).toBe(204);
    const again = await del();
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(
      /no card template for component:default\/payments-api/,
    );
  });

  it('previews the looked-up template against a real incident from the provider', async () => {
    await save({
      integrationId: 'acme',
      title: 'Default: {{title}}',
      body: '',
    });
    await save({
      integrationId: 'acme',
      entityRef: 'component:default/payments-api',
      title: '{{title}} ({{labels.cluster}})',
      body: 'Being handled by {{acknowledgedBy}}',
    });

    const forService = await preview({
      entityRef: 'component:default/payments-api',
    });
    expect(forService.status).toBe(200);
    expect(forService.body.templateUsed).toBe('custom');
    expect(forService.body.warnings).toEqual([]);
    expect(forService.body.card).toMatchObject({
      card_type: 'button_interaction',
      main_title: { title: 'Payment gateway 502s (prod-sh)' },
      sub_title_text: 'Being handled by user:default/jdoe',
      card_action: {
        type: 1,
        url: `https://backstage.example.com/wecom/incidents/${incident.id}`,
      },
    });

    const forIntegration = await preview({});
    expect(forIntegration.body.card.main_title.title).toBe(
      'Default: Payment gateway 502s',
    );
  });

  it('previews an unsaved template, showing truncation and a fallback in warnings', async () => {
    const long = await preview({
      title: '{{title}}',
      body: Array.from({ length: 10 }, (_, i) => `step ${i + 1}`).join('\n'),
    });
    expect(long.status).toBe(200);
    expect(long.body.card.sub_title_text.split('\n')).toHaveLength(8);
    expect(long.body.warnings).toEqual([
      'The custom area has 10 lines; the card shows the first 8, the last ending in "…"',
    ]);

    const broken = await preview({ title: '{{#each}}', body: '' });
    expect(broken.status).toBe(200);
    expect(broken.body.templateUsed).toBe('default');
    expect(broken.body.card.main_title.title).toBe(incident.title);
    expect(broken.body.warnings[0]).toMatch(/^The template failed to render/);
    // Nothing is saved by a preview.
    expect(await ctx.store.list('acme')).toEqual([]);
  });

  it('answers 404 for an unknown incident and 400 for half a template', async () => {
    const missing = await preview({ incidentId: 'no-such-incident' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/No incident/);

    const half = await preview({ title: '{{title}}' });
    expect(half.status).toBe(400);
    expect(half.body.error.message).toMatch(/give both title and body/);
  });

  it('lets a viewer read and preview but not change templates (403)', async () => {
    ctx = await startApp({ knex, denyManage: true });
    expect(
      (
        await request(ctx.app)
          .get('/templates')
          .query({ integration: 'acme' })
          .set(admin)
      ).status,
    ).toBe(200);
    expect((await preview({})).status).toBe(200);

    const denied = [
      await save({ integrationId: 'acme', title: 't', body: '' }),
      await request(ctx.app)
        .delete('/templates')
        .query({ integration: 'acme' })
        .set(admin),
    ];
    for (const res of denied) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/wecom\.integration\.manage/);
    }
    expect(await ctx.store.list('acme')).toEqual([]);
  });

  it('refuses to render a real incident for someone who may not see incidents (403), before looking it up', async () => {
    ctx = await startApp({ knex, deny: ['wecom.incident.read'] });

    const denied = await preview({});
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/wecom\.incident\.read/);
    expect(JSON.stringify(denied.body)).not.toContain('Payment gateway');

    // No 404-or-403 oracle for which incident ids exist.
    const unknown = await preview({ incidentId: 'no-such-incident' });
    expect(unknown.status).toBe(403);
    // Templates themselves stay readable with wecom.integration.read.
    expect(
      (
        await request(ctx.app)
          .get('/templates')
          .query({ integration: 'acme' })
          .set(admin)
      ).status,
    ).toBe(200);
  });
});

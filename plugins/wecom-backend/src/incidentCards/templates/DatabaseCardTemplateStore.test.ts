import { mockServices } from '@backstage/backend-test-utils';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import { createTestDatabases } from '../../__testUtils__/databases';
import { applyMigrations } from '../../database/migrations';
import { TemplateCardRenderer } from '../cards/TemplateCardRenderer';
import { CardTemplateEngine } from './CardTemplateEngine';
import { DatabaseCardTemplateStore } from './DatabaseCardTemplateStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const incidentOf = (entityRef?: string): WeComIncident => ({
  id: '7d0c2a4e-1111-4222-8333-444455556666',
  title: 'Queue backlog',
  severity: 'high',
  status: 'triggered',
  description: 'orders queue has 12k messages',
  entityRef,
  responders: [],
  source: 'api',
  createdAt: '2026-11-26T09:30:00.000Z',
  updatedAt: '2026-11-26T09:30:00.000Z',
});

describe.each(databases.eachSupportedId())(
  'DatabaseCardTemplateStore on %p',
  id => {
    let knex: Awaited<ReturnType<typeof databases.init>>;
    let store: DatabaseCardTemplateStore;

    beforeAll(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
      store = new DatabaseCardTemplateStore(knex);
    });
    beforeEach(() => knex('wecom_card_templates').delete());
    afterAll(() => knex.destroy());

    it('saves, replaces, lists and deletes templates per integration and service', async () => {
      await store.save({
        integrationId: 'acme',
        title: 'v1',
        body: 'b',
        updatedBy: 'user:default/admin',
        updatedAt: '2026-11-26T10:00:00.000Z',
      });
      await store.save({ integrationId: 'acme', title: 'v2', body: 'b' });
      await store.save({
        integrationId: 'acme',
        entityRef: 'component:default/payments-api',
        title: 'svc',
        body: 'b',
      });
      await store.save({ integrationId: 'globex', title: 'other', body: 'b' });

      const items = await store.list('acme');
      expect(items.map(t => [t.entityRef, t.title])).toEqual([
        [undefined, 'v2'],
        ['component:default/payments-api', 'svc'],
      ]);
      expect(items[0].updatedBy).toBeUndefined();
      expect(Date.parse(items[0].updatedAt!)).not.toBeNaN();

      expect(await store.delete('acme')).toBe(true);
      expect(await store.delete('acme')).toBe(false);
      expect(await store.get('acme')).toBeUndefined();
      expect(
        await store.get('acme', 'component:default/payments-api'),
      ).toMatchObject({ title: 'svc' });

      await store.deleteIntegration('acme');
      expect(await store.list('acme')).toEqual([]);
      expect(await store.list('globex')).toHaveLength(1);
    });

    it('keeps who saved a template and when', async () => {
      const saved = await store.save({
        integrationId: 'acme',
        title: 't',
        body: 'b',
        updatedBy: 'user:default/admin',
        updatedAt: '2026-11-26T10:00:00.000Z',
      });
      expect(saved).toEqual({
        integrationId: 'acme',
        title: 't',
        body: 'b',
        updatedBy: 'user:default/admin',
        updatedAt: '2026-11-26T10:00:00.000Z',
      });
      expect(await store.get('acme')).toEqual(saved);
    });

    it('gives a card the service template, else the integration one, else the built-in one', async () => {
      const renderer = new TemplateCardRenderer({
        templates: store,
        engine: new CardTemplateEngine({ timeZone: 'UTC' }),
        appTitle: 'Backstage',
        incidentUrl: incidentId => `http://localhost:3000/${incidentId}`,
        logger: mockServices.logger.mock(),
      });
      const titleFor = async (integrationId: string, entityRef?: string) => {
        const { card, templateUsed } = await renderer.renderIncidentCard({
          incident: incidentOf(entityRef),
          integrationId,
          taskId: 'task-1',
        });
        return [(card.main_title as { title: string }).title, templateUsed];
      };

      expect(await titleFor('acme', 'component:default/payments-api')).toEqual([
        'Queue backlog',
        'default',
      ]);

      await store.save({
        integrationId: 'acme',
        title: 'Integration: {{title}}',
        body: '',
      });
      await store.save({
        integrationId: 'acme',
        entityRef: 'component:default/payments-api',
        title: 'Payments: {{title}}',
        body: '',
      });

      // The catalog's refs are case-insensitive; so is the lookup.
      expect(await titleFor('acme', 'Component:default/Payments-API')).toEqual([
        'Payments: Queue backlog',
        'custom',
      ]);
      expect(await titleFor('acme', 'component:default/orders-api')).toEqual([
        'Integration: Queue backlog',
        'custom',
      ]);
      expect(await titleFor('acme')).toEqual([
        'Integration: Queue backlog',
        'custom',
      ]);
      // Templates belong to their integration.
      expect(
        await titleFor('globex', 'component:default/payments-api'),
      ).toEqual(['Queue backlog', 'default']);
    });
  },
);

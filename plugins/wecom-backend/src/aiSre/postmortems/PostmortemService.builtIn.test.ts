import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { createTestDatabases } from '../../__testUtils__/databases';
import { applyMigrations } from '../../database/migrations';
import { DatabaseIncidentProvider } from '../../incidents/DatabaseIncidentProvider';
import { IncidentService } from '../../incidents/IncidentService';
import { BuiltInIncidentAnalyzer } from '../analyzers/BuiltInIncidentAnalyzer';
import { DatabaseConversationLog } from '../conversations/DatabaseConversationLog';
import { DefaultIncidentContextBuilder } from '../DefaultIncidentContextBuilder';
import { DatabasePostmortemStore } from './DatabasePostmortemStore';
import { DefaultPostmortemService } from './PostmortemService';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const T0 = DateTime.fromISO('2026-11-28T09:00:00.000Z', { zone: 'utc' });
const JDOE = 'user:default/jdoe';
const SECTIONS = [
  '## Summary',
  '## Impact',
  '## Timeline',
  '## Root cause',
  '## Corrective actions',
  '## Lessons learned',
];

describe.each(databases.eachSupportedId())(
  'A real post-mortem by the built-in analyzer on %p',
  id => {
    let knex: Knex;
    beforeAll(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
    });
    afterAll(() => knex.destroy());

    it('is written from the incident timeline and the War Room conversation, with the six sections', async () => {
      const logger = mockServices.logger.mock();
      let now = T0;
      const provider = new DatabaseIncidentProvider({
        knex,
        logger,
        clock: () => now,
      });
      const conversations = new DatabaseConversationLog(knex);
      const service = new DefaultPostmortemService({
        store: new DatabasePostmortemStore(knex),
        incidents: new IncidentService(provider),
        contextBuilder: new DefaultIncidentContextBuilder({
          incidents: provider,
          catalog: catalogServiceMock({ entities: [] }),
          auth: mockServices.auth(),
          appBaseUrl: 'https://backstage.example.com',
          logger,
        }),
        conversations,
        analyzer: new BuiltInIncidentAnalyzer({ now: () => now }),
        warRooms: { get: jest.fn() },
        integrations: { get: jest.fn() },
        clients: { forIntegration: jest.fn() },
        minInterval: Duration.fromObject({ seconds: 60 }),
        appBaseUrl: 'https://backstage.example.com',
        logger,
        now: () => now,
      });

      const incident = await provider.createIncident(
        {
          title: 'Payments API 5xx above 5%',
          severity: 'critical',
          entityRef: 'component:default/payments-api',
        },
        JDOE,
      );
      await provider.addTimelineEntry(incident.id, {
        kind: 'alert',
        actor: 'alertmanager',
        message: 'Alert PaymentsHighErrorRate fired in sh-1',
      });
      now = T0.plus({ minutes: 4 });
      await provider.transition(
        incident.id,
        { action: 'startProcessing' },
        JDOE,
      );
      await conversations.append({
        integrationId: 'acme',
        chatKey: 'group:wr0123456789abcdef0123456789abcd',
        incidentId: incident.id,
        at: T0.plus({ minutes: 10 }).toISO()!,
        from: 'LiSi',
        entityRef: 'user:default/lisi',
        text: 'root cause: the connection pool was halved by the 08:50 deploy',
      });
      now = T0.plus({ minutes: 25 });
      await provider.transition(incident.id, { action: 'close' }, JDOE);

      const { markdown } = await service.generate(incident.id, JDOE);

      const positions = SECTIONS.map(section => markdown.indexOf(section));
      expect(positions.every(at => at >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      const rootCause = markdown.slice(
        markdown.indexOf('## Root cause'),
        markdown.indexOf('## Corrective actions'),
      );
      expect(rootCause).toContain(
        'the connection pool was halved by the 08:50 deploy',
      );
      const timeline = markdown.slice(
        markdown.indexOf('## Timeline'),
        markdown.indexOf('## Root cause'),
      );
      expect(timeline).toContain('Alert PaymentsHighErrorRate fired in sh-1');
      expect((await service.get(incident.id)).analyzer).toBe('built-in');
    });
  },
);

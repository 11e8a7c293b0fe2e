import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { Duration } from 'luxon';
import { createTestDatabases } from '../../__testUtils__/databases';
import { applyMigrations } from '../../database/migrations';
import { DatabaseIncidentProvider } from '../../incidents/DatabaseIncidentProvider';
import { IncidentService } from '../../incidents/IncidentService';
import {
  FakeOpenAiServer,
  startFakeOpenAiServer,
} from '../__testUtils__/fakeOpenAiServer';
import {
  INJECTED_DESCRIPTION,
  OTHER_INCIDENT_DATA,
  analyzerOn,
  obeyingInjection,
  readsOfEverything,
  seedPayrollIncident,
  toolResultsSent,
} from '../__testUtils__/injectedModel';
import { DatabaseConversationLog } from '../conversations/DatabaseConversationLog';
import { DefaultIncidentContextBuilder } from '../DefaultIncidentContextBuilder';
import { DatabasePostmortemStore } from './DatabasePostmortemStore';
import { DefaultPostmortemService } from './PostmortemService';

jest.setTimeout(60_000);

// A post-mortem is read by everyone with wecom.incident.read and posted to
// the War Room, whose members need not hold it: whatever the incident's
// text makes the model ask for, only that incident may be read into it.

const databases = createTestDatabases();
const JDOE = 'user:default/jdoe';

describe.each(databases.eachSupportedId())(
  'A post-mortem by a model on %p',
  id => {
    let knex: Knex;
    let server: FakeOpenAiServer | undefined;
    beforeAll(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
    });
    afterEach(() => server?.close());
    afterAll(() => knex.destroy());

    it("reads its own incident only, whatever the incident's text asks the model to read", async () => {
      const logger = mockServices.logger.mock();
      const provider = new DatabaseIncidentProvider({ knex, logger });
      const payroll = await seedPayrollIncident(provider);
      const payments = await provider.createIncident({
        title: 'Payments API 5xx above 5%',
        severity: 'critical',
        description: INJECTED_DESCRIPTION,
      });
      await provider.addTimelineEntry(payments.id, {
        kind: 'alert',
        message: 'Alert PaymentsHighErrorRate fired in sh-1',
      });
      await provider.transition(payments.id, { action: 'close' }, JDOE);

      server = await startFakeOpenAiServer(
        obeyingInjection(readsOfEverything(payroll, payments)),
      );
      const service = new DefaultPostmortemService({
        store: new DatabasePostmortemStore(knex),
        incidents: new IncidentService(provider),
        contextBuilder: new DefaultIncidentContextBuilder({
          incidents: provider,
          catalog: catalogServiceMock({ entities: [] }),
          auth: mockServices.auth(),
          appBaseUrl: 'http://backstage.test',
          logger,
        }),
        conversations: new DatabaseConversationLog(knex),
        analyzer: analyzerOn(server),
        warRooms: { get: jest.fn() },
        integrations: { get: jest.fn() },
        clients: { forIntegration: jest.fn() },
        minInterval: Duration.fromObject({ seconds: 60 }),
        appBaseUrl: 'http://backstage.test',
        logger,
      });

      const { markdown } = await service.generate(payments.id, JDOE);

      const readByModel = toolResultsSent(server.requests);
      for (const seen of [markdown, readByModel]) {
        expect(seen).not.toMatch(OTHER_INCIDENT_DATA);
      }
      expect(readByModel).toContain(
        `may read only incident ${payments.id} and its entity`,
      );
      expect(markdown).toContain('Alert PaymentsHighErrorRate fired');
    });
  },
);

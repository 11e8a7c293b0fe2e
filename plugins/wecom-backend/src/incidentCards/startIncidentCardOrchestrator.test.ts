import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { InMemoryIncidentProvider } from 'backstage-plugin-wecom-node/testUtils';
import { createTestDatabases } from '../__testUtils__/databases';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComIntegration } from '../integrations/types';
import { DatabaseLinkStore } from '../linking/DatabaseLinkStore';
import { demoOrg } from '../__testUtils__/demoOrg';
import { migrateRouting } from '../__testUtils__/migrateRouting';
import { noSchedules } from '../oncall/contracts';
import {
  createEscalationPolicySource,
  createEscalationServices,
} from '../escalation/createEscalationServices';
import { onCallResolverFor } from '../oncall/__testUtils__/onCallTestBed';
import { createRecipientServices } from '../recipients/createRecipientServices';
import { FakeCardDelivery } from './__testUtils__/FakeCardDelivery';
import { startIncidentCardOrchestrator } from './startIncidentCardOrchestrator';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'incident cards, recipients and escalation wired on %p',
  databaseId => {
    it('subscribes to the provider and schedules the escalation drain (scope global)', async () => {
      const knex = await databases.init(databaseId);
      await migrateRouting(knex);
      const links = new DatabaseLinkStore(knex);
      await links.link({
        integrationId: 'acme',
        entityRef: 'user:default/jdoe',
        wecomUserId: 'jdoe',
        source: 'manual',
      });
      const scheduler = mockServices.scheduler.mock();
      const incidents = new InMemoryIncidentProvider();
      const delivery = new FakeCardDelivery();
      const logger = mockServices.logger.mock();
      const catalog = catalogServiceMock({ entities: demoOrg() });
      const auth = mockServices.auth();
      const integrations = {
        list: async () => [
          { id: 'acme', warRoom: { enabled: true } } as WeComIntegration,
        ],
      } as IntegrationService;
      const { resolver } = createRecipientServices({
        knex,
        catalog,
        auth,
        links,
        onCall: onCallResolverFor({ catalog, auth, links }),
      });
      const { escalation } = await createEscalationServices({
        config: mockServices.rootConfig({
          data: {
            wecom: {
              escalation: {
                levels: [{ afterMinutes: 15, targets: ['group:default/sre'] }],
              },
            },
          },
        }),
        logger,
        knex,
        scheduler,
        catalog,
        auth,
        schedules: noSchedules,
        policySource: createEscalationPolicySource({
          logger,
          knex,
          catalog,
          auth,
        }),
        incidents,
        resolver,
        delivery,
      });
      startIncidentCardOrchestrator({
        logger,
        catalog,
        auth,
        integrations,
        incidents,
        resolver,
        delivery,
        escalation,
      });

      expect(scheduler.scheduleTask).toHaveBeenCalledWith(
        expect.objectContaining({ id: 'wecom-escalation', scope: 'global' }),
      );
      const incident = await incidents.createIncident({
        title: 'Payments failing',
        severity: 'high',
        responders: ['user:default/jdoe'],
      });
      expect(delivery.sends()).toEqual([[0, ['user:default/jdoe']]]);
      await incidents.transition(
        incident.id,
        { action: 'startProcessing' },
        'user:default/jdoe',
      );
      // The card says who, by the name the catalog knows.
      expect(delivery.statusChanges[0].changedBy).toBe('jdoe (display)');
      await knex.destroy();
    });
  },
);

import { InMemoryIncidentProvider } from 'backstage-plugin-wecom-node/testUtils';
import { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/databases';
import { createIncidentTables } from '../__testUtils__/incidentTables';
import { IncidentService } from '../IncidentService';
import { AlertGroupStore } from './AlertGroupStore';
import { AlertmanagerReceiver } from './AlertmanagerReceiver';
import { AlertmanagerPayload, alertmanagerPayloadSchema } from './payload';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** A provider as slow to open an incident as a remote platform can be. */
class SlowProvider extends InMemoryIncidentProvider {
  async createIncident(
    ...args: Parameters<InMemoryIncidentProvider['createIncident']>
  ) {
    await new Promise(resolve => setTimeout(resolve, 150));
    return super.createIncident(...args);
  }
}

function firing(groupKey: string): AlertmanagerPayload {
  return alertmanagerPayloadSchema.parse({
    version: '4',
    groupKey,
    status: 'firing',
    alerts: [{ status: 'firing', labels: { alertname: 'DiskFull' } }],
  });
}

describe.each(databases.eachSupportedId())(
  'AlertmanagerReceiver on %p',
  databaseId => {
    let knex: Knex;
    let provider: SlowProvider;
    let receiver: AlertmanagerReceiver;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await createIncidentTables(knex);
    });
    afterAll(() => knex.destroy());
    beforeEach(() => {
      provider = new SlowProvider();
      receiver = new AlertmanagerReceiver(
        new IncidentService(provider),
        new AlertGroupStore(knex),
      );
    });

    it('opens one incident when deliveries of a new group race; the others wait and add to it', async () => {
      const outcomes = await Promise.all(
        [1, 2, 3, 4].map(() => receiver.receive(firing('{}:{race="1"}'))),
      );

      expect(provider.callsOf('createIncident')).toHaveLength(1);
      expect(outcomes.map(o => o.action).sort()).toEqual([
        'grouped',
        'grouped',
        'grouped',
        'opened',
      ]);
      expect(new Set(outcomes.map(o => o.incident?.id)).size).toBe(1);
      const [incident] = provider.incidents.values();
      expect(
        (await provider.listTimeline(incident.id)).filter(
          e => e.kind === 'alert',
        ),
      ).toHaveLength(4);
    });

    it('lets the next delivery open the incident when opening failed', async () => {
      provider.failNext('createIncident', new Error('platform unavailable'));
      await expect(receiver.receive(firing('{}:{race="2"}'))).rejects.toThrow(
        'platform unavailable',
      );
      const retried = await receiver.receive(firing('{}:{race="2"}'));
      expect(retried.action).toBe('opened');
      expect(provider.incidents.size).toBe(1);
    });
  },
);

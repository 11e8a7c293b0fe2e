import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { writeTimestamp } from '../database/time';
import { DatabaseIncidentProvider } from './DatabaseIncidentProvider';
import { createIncidentTables } from './__testUtils__/incidentTables';

jest.setTimeout(60_000);

const databases: TestDatabases = createTestDatabases();
const T0 = DateTime.fromISO('2026-12-07T10:00:00.000Z', { zone: 'utc' });
const ZHANGSAN = 'user:default/zhangsan';
const LISI = 'user:default/lisi';

/** The card tables, whose deliveries say who was sent an incident's card. */
async function createCardTables(knex: Knex): Promise<void> {
  await knex.migrate.up({
    name: '20261126100200_card_delivery.js',
    directory: resolvePackagePath(
      'backstage-plugin-wecom-backend',
      'migrations',
    ),
    tableName: 'wecom_cards_test_migrations',
    loadExtensions: ['.js'],
  });
}

describe.each(databases.eachSupportedId())(
  'incidents a user responds to, on %p',
  databaseId => {
    let knex: Knex;
    let provider: DatabaseIncidentProvider;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await createIncidentTables(knex);
      await createCardTables(knex);
      provider = new DatabaseIncidentProvider({
        knex,
        logger: mockServices.logger.mock(),
        clock: () => T0,
      });
    });
    afterAll(() => knex.destroy());

    const cardSentTo = (incidentId: string, entityRef: string) =>
      knex('wecom_card_deliveries').insert({
        incident_id: incidentId,
        integration_id: 'acme',
        entity_ref: entityRef,
        wecom_user_id: entityRef.split('/')[1],
        status: 'sent',
        level: 0,
        created_at: writeTimestamp(T0),
        updated_at: writeTimestamp(T0),
      });

    it('finds incidents naming the user as a responder or sending them a card, and no others', async () => {
      const named = await provider.createIncident(
        { title: 'named', severity: 'high', responders: [ZHANGSAN] },
        LISI,
      );
      const paged = await provider.createIncident(
        { title: 'paged as owner', severity: 'critical' },
        LISI,
      );
      await cardSentTo(paged.id, ZHANGSAN);
      const someoneElse = await provider.createIncident(
        { title: 'not mine', severity: 'info', responders: [LISI] },
        LISI,
      );
      await cardSentTo(someoneElse.id, LISI);
      // A ref that only starts like zhangsan's is someone else.
      await provider.createIncident(
        {
          title: 'prefix',
          severity: 'info',
          responders: ['user:default/zhangsan2'],
        },
        LISI,
      );
      // LIKE wildcards in a ref are taken literally.
      await provider.createIncident(
        {
          title: 'wildcard',
          severity: 'info',
          responders: ['user:default/z_a'],
        },
        LISI,
      );

      const mine = await provider.listIncidents({ responder: ZHANGSAN });
      expect(mine.items.map(i => i.title).sort()).toEqual([
        'named',
        'paged as owner',
      ]);
      expect(mine.totalCount).toBe(2);
      expect(
        (await provider.listIncidents({ responder: 'user:default/z%' }))
          .totalCount,
      ).toBe(0);

      await provider.transition(named.id, { action: 'close' }, ZHANGSAN);
      const open = await provider.listIncidents({
        responder: ZHANGSAN,
        status: ['triggered', 'processing'],
      });
      expect(open.items.map(i => i.id)).toEqual([paged.id]);
    });
  },
);

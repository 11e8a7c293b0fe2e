import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { incidentFixture as incident } from '../__testUtils__/incidentFixtures';
import { createTestDatabases } from '../__testUtils__/databases';
import { migrateRouting } from '../__testUtils__/migrateRouting';
import { DatabaseLinkStore } from '../linking/DatabaseLinkStore';
import {
  component,
  DEMO_LINKED_USERS,
  demoOrg,
  group,
  user,
  withRelations,
} from '../__testUtils__/demoOrg';
import { FakeScheduleSource } from '../oncall/__testUtils__/fakeSchedules';
import { onCallResolverFor } from '../oncall/__testUtils__/onCallTestBed';
import { CatalogRecipientResolver } from './CatalogRecipientResolver';
import { CatalogResponderDirectory } from './CatalogResponderDirectory';
import { DatabasePreferencesStore } from './DatabasePreferencesStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const refs = (names: string[]) => names.map(n => `user:default/${n}`);

describe.each(databases.eachSupportedId())('recipients on %p', databaseId => {
  let knex: Knex;
  let links: DatabaseLinkStore;
  let preferences: DatabasePreferencesStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateRouting(knex);
    links = new DatabaseLinkStore(knex);
    preferences = new DatabasePreferencesStore(knex);
    for (const name of DEMO_LINKED_USERS) {
      await links.link({
        integrationId: 'acme',
        entityRef: `user:default/${name}`,
        wecomUserId: name.toUpperCase(),
        source: 'manual',
      });
    }
    // Linked in another integration only: unlinked for acme.
    await links.link({
      integrationId: 'other',
      entityRef: 'user:default/newhire',
      wecomUserId: 'NEWHIRE',
      source: 'manual',
    });
  });
  afterAll(async () => {
    await knex.destroy();
  });
  afterEach(async () => {
    await knex('wecom_user_preferences').delete();
  });

  function resolver(entities: Entity[] = demoOrg()) {
    const catalog = catalogServiceMock({ entities });
    const auth = mockServices.auth();
    return new CatalogRecipientResolver({
      directory: new CatalogResponderDirectory(catalog, auth),
      onCall: onCallResolverFor({ catalog, auth, links }),
      links,
      preferences,
    });
  }

  it('sends to explicit user responders, a bare name meaning a user', async () => {
    const set = await resolver().resolve(
      incident({ responders: ['user:default/jdoe', 'zhangsan'] }),
      'acme',
    );
    expect(set.recipients).toEqual([
      { entityRef: 'user:default/jdoe', wecomUserId: 'JDOE' },
      { entityRef: 'user:default/zhangsan', wecomUserId: 'ZHANGSAN' },
    ]);
    expect(set.unlinked).toEqual([]);
    expect(set.optedOut).toEqual([]);
  });

  it('expands an explicit group to its members, once each', async () => {
    const set = await resolver().resolve(
      incident({ responders: ['group:default/sre', 'user:default/jdoe'] }),
      'acme',
    );
    expect(set.recipients.map(r => r.entityRef).sort()).toEqual(
      refs(['asmith', 'guest', 'jdoe']),
    );
    expect(set.unlinked).toEqual(['user:default/newhire']);
  });

  it('finds members through either side of the membership', async () => {
    const [sre, guest, jdoe] = withRelations([
      group('sre'),
      user('guest', ['sre']),
      user('jdoe', ['sre']),
    ]);
    // The group lists guest; jdoe only says memberOf (mid-processing).
    const entities = [
      {
        ...sre,
        relations: sre.relations!.filter(r => r.targetRef.endsWith('guest')),
      },
      { ...guest, relations: [] },
      jdoe,
    ];
    const set = await resolver(entities).resolve(
      incident({ responders: ['group:default/sre'] }),
      'acme',
    );
    expect(set.recipients.map(r => r.entityRef).sort()).toEqual(
      refs(['guest', 'jdoe']),
    );
  });

  it('includes members of direct child groups, not deeper ones', async () => {
    const entities = withRelations([
      group('engineering', ['payments']),
      group('payments', ['payments-oncall']),
      group('payments-oncall'),
      user('wangwu', ['engineering']),
      user('zhangsan', ['payments']),
      user('lisi', ['payments-oncall']),
    ]);
    const set = await resolver(entities).resolve(
      incident({ responders: ['group:default/engineering'] }),
      'acme',
    );
    expect(set.recipients.map(r => r.entityRef).sort()).toEqual(
      refs(['wangwu', 'zhangsan']),
    );
  });

  it('without responders, notifies the members of the group that owns the entity', async () => {
    const set = await resolver().resolve(
      incident({ entityRef: 'component:default/payments-api' }),
      'acme',
    );
    expect(set.recipients.map(r => r.entityRef).sort()).toEqual(
      refs(['chenjing', 'jdoe', 'lisi', 'zhangsan']),
    );
    expect(set.basis).toBe(
      'owner group:default/payments of component:default/payments-api',
    );
  });

  it('without responders, notifies whoever is on call for the entity now, not every owner', async () => {
    const catalog = catalogServiceMock({ entities: demoOrg() });
    const auth = mockServices.auth();
    const schedules = new FakeScheduleSource().add({
      id: 'payments-primary',
      name: 'Payments primary',
      ownerRef: 'group:default/payments',
      turns: [
        {
          userEntityRef: 'user:default/lisi',
          start: '2026-11-26T00:00:00Z',
          end: '2026-11-27T00:00:00Z',
        },
      ],
    });
    const onCallResolver = new CatalogRecipientResolver({
      directory: new CatalogResponderDirectory(catalog, auth),
      onCall: onCallResolverFor({
        catalog,
        auth,
        links,
        schedules,
        now: () => DateTime.fromISO('2026-11-26T10:00:00Z'),
      }),
      links,
      preferences,
    });

    const set = await onCallResolver.resolve(
      incident({ entityRef: 'component:default/payments-api' }),
      'acme',
    );

    expect(set.recipients).toEqual([
      { entityRef: 'user:default/lisi', wecomUserId: 'LISI' },
    ]);
    expect(set.basis).toBe(
      'on call in "Payments primary" for component:default/payments-api',
    );
  });

  it('reads spec.owner when the catalog has no relations yet, and a user owner directly', async () => {
    const entities = [
      ...withRelations([group('platform'), user('wangwu', ['platform'])]),
      component('api-gateway', 'platform'),
      component('batch', 'user:asmith'),
    ];
    const byGroup = await resolver(entities).resolve(
      incident({ entityRef: 'component:default/api-gateway' }),
      'acme',
    );
    expect(byGroup.recipients.map(r => r.entityRef)).toEqual(refs(['wangwu']));
    const byUser = await resolver(entities).resolve(
      incident({ entityRef: 'component:default/batch' }),
      'acme',
    );
    expect(byUser.recipients.map(r => r.entityRef)).toEqual(refs(['asmith']));
  });

  it('reports unlinked and opted-out responders instead of dropping them', async () => {
    await preferences.set('user:default/lisi', {
      personalChannelEnabled: false,
    });
    const set = await resolver().resolve(
      incident({ responders: ['group:default/payments', 'newhire'] }),
      'acme',
    );
    expect(set.recipients.map(r => r.entityRef).sort()).toEqual(
      refs(['chenjing', 'jdoe', 'zhangsan']),
    );
    expect(set.optedOut).toEqual(['user:default/lisi']);
    expect(set.unlinked).toEqual(['user:default/newhire']);
  });

  it('uses the given targets instead of the responders', async () => {
    const set = await resolver().resolve(
      incident({ responders: ['user:default/jdoe'] }),
      'acme',
      ['group:default/platform'],
    );
    expect(set.recipients.map(r => r.entityRef).sort()).toEqual(
      refs(['asmith', 'wangwu']),
    );
  });

  it('says why nobody was found', async () => {
    const unknown = await resolver().resolve(
      incident({
        responders: ['group:default/ghosts', 'component:default/x', '::'],
      }),
      'acme',
    );
    expect(unknown.recipients).toEqual([]);
    expect(unknown.notes).toEqual([
      'component:default/x is a component: responders are users or groups',
      '"::" is not an entity ref',
      'group:default/ghosts is not in the catalog',
    ]);

    const noEntity = await resolver().resolve(
      incident({ entityRef: 'component:default/missing' }),
      'acme',
    );
    expect(noEntity.notes).toEqual([
      'component:default/missing is not in the catalog',
    ]);

    const emptyTeam = await resolver(withRelations([group('empty')])).resolve(
      incident({ responders: ['group:default/empty'] }),
      'acme',
    );
    expect(emptyTeam.notes).toEqual([
      'group:default/empty has no members in the catalog',
    ]);
  });
});

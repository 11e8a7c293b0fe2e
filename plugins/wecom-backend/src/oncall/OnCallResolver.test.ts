import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DateTime } from 'luxon';
import {
  component,
  demoOrg,
  group,
  user,
  withRelations,
} from '../__testUtils__/demoOrg';
import { FakeLinkStore } from '../aiSre/bot/commands/__testUtils__/commandsTestBed';
import {
  FakePolicySource,
  FakeScheduleSource,
} from './__testUtils__/fakeSchedules';
import { onCallResolverFor } from './__testUtils__/onCallTestBed';

const AT = DateTime.fromISO('2026-12-07T10:00:00Z', { zone: 'utc' });
const PAYMENTS_API = 'component:default/payments-api';

/** payments owns "Payments primary": zhangsan until 18:00, then lisi. */
function paymentsPrimary() {
  return {
    id: 'payments-primary',
    name: 'Payments primary',
    ownerRef: 'group:default/payments',
    turns: [
      {
        userEntityRef: 'user:default/zhangsan',
        start: '2026-12-07T02:00:00Z',
        end: '2026-12-07T18:00:00Z',
      },
      {
        userEntityRef: 'user:default/lisi',
        start: '2026-12-07T18:00:00Z',
        end: '2026-12-08T02:00:00Z',
      },
    ],
  };
}

function setUp(
  options: {
    schedules?: FakeScheduleSource;
    policies?: FakePolicySource;
    entities?: Entity[];
    /** Users who turned WeCom cards off. */
    optedOut?: string[];
    links?: FakeLinkStore;
  } = {},
) {
  const links =
    options.links ??
    new FakeLinkStore()
      .add('user:default/zhangsan', 'ZHANGSAN')
      .add('user:default/jdoe', 'JDOE')
      .add('user:default/wangwu', 'WANGWU');
  return onCallResolverFor({
    catalog: catalogServiceMock({ entities: options.entities ?? demoOrg() }),
    auth: mockServices.auth(),
    links,
    schedules: options.schedules,
    policies: options.policies,
    optedOut: options.optedOut,
  });
}

/** Not reachable on WeCom, as the answer marks it. */
const unreachable = (reason: string) => ({
  reachable: false,
  unreachableReason: reason,
});

describe('OnCallResolver', () => {
  it("answers the owner group's members when nobody has a schedule or policy", async () => {
    const answer = await setUp().resolve(PAYMENTS_API, AT);

    expect(answer).toEqual({
      entityRef: PAYMENTS_API,
      now: [
        {
          userEntityRef: 'user:default/jdoe',
          wecomUserId: 'JDOE',
          until: null,
          via: 'owner',
        },
        {
          userEntityRef: 'user:default/zhangsan',
          wecomUserId: 'ZHANGSAN',
          until: null,
          via: 'owner',
        },
        {
          userEntityRef: 'user:default/lisi',
          wecomUserId: null,
          until: null,
          via: 'owner',
          ...unreachable('notLinked'),
        },
        {
          userEntityRef: 'user:default/chenjing',
          wecomUserId: null,
          until: null,
          via: 'owner',
          ...unreachable('notLinked'),
        },
      ],
    });
  });

  it("answers whoever is on call in the owner group's schedule, until the hand-off, and who is next", async () => {
    const schedules = new FakeScheduleSource().add(paymentsPrimary());

    const answer = await setUp({ schedules }).resolve(PAYMENTS_API, AT);

    expect(answer.now).toEqual([
      {
        userEntityRef: 'user:default/zhangsan',
        wecomUserId: 'ZHANGSAN',
        until: '2026-12-07T18:00:00.000Z',
        via: 'schedule',
        scheduleId: 'payments-primary',
        scheduleName: 'Payments primary',
      },
    ]);
    expect(answer.next).toEqual([
      {
        userEntityRef: 'user:default/lisi',
        wecomUserId: null,
        until: '2026-12-08T02:00:00.000Z',
        via: 'schedule',
        scheduleId: 'payments-primary',
        scheduleName: 'Payments primary',
        ...unreachable('notLinked'),
      },
    ]);
  });

  it('lets an override answer before the layer', async () => {
    const schedule = paymentsPrimary();
    schedule.turns.push({
      userEntityRef: 'user:default/jdoe',
      start: '2026-12-07T09:00:00Z',
      end: '2026-12-07T12:00:00Z',
      via: 'override',
    } as (typeof schedule.turns)[number]);
    const schedules = new FakeScheduleSource().add(schedule);

    const answer = await setUp({ schedules }).resolve(PAYMENTS_API, AT);

    expect(answer.now).toEqual([
      expect.objectContaining({
        userEntityRef: 'user:default/jdoe',
        via: 'override',
        until: '2026-12-07T12:00:00.000Z',
      }),
    ]);
    expect(answer.next?.map(n => n.userEntityRef)).toEqual([
      'user:default/zhangsan',
    ]);
  });

  it('falls back to the members when nobody is on call in the schedules', async () => {
    const schedule = { ...paymentsPrimary(), turns: [] };
    const schedules = new FakeScheduleSource().add(schedule);
    const resolver = setUp({ schedules });

    const answer = await resolver.resolve(PAYMENTS_API, AT);
    const decision = await resolver.decide(PAYMENTS_API, AT);

    expect(answer.now.map(n => n.via)).toEqual([
      'owner',
      'owner',
      'owner',
      'owner',
    ]);
    expect(decision.notes).toContain(
      'nobody is on call in the schedules of group:default/payments',
    );
  });

  it("uses the policy's first level before the owners: a schedule, a group and a user", async () => {
    const schedules = new FakeScheduleSource().add(paymentsPrimary());
    const policies = new FakePolicySource().assign(PAYMENTS_API, {
      id: 'payments-critical',
      levels: [
        {
          delayMinutes: 5,
          targets: [
            { kind: 'schedule', ref: 'payments-primary' },
            { kind: 'group', ref: 'group:default/platform' },
            { kind: 'user', ref: 'user:default/jdoe' },
          ],
        },
        {
          delayMinutes: 15,
          targets: [{ kind: 'user', ref: 'user:default/guest' }],
        },
      ],
    });

    const answer = await setUp({ schedules, policies }).resolve(
      PAYMENTS_API,
      AT,
    );

    expect(answer.policyId).toBe('payments-critical');
    expect(answer.now.map(n => [n.userEntityRef, n.via, n.until])).toEqual([
      ['user:default/zhangsan', 'schedule', '2026-12-07T18:00:00.000Z'],
      ['user:default/wangwu', 'policy', null],
      ['user:default/asmith', 'policy', null],
      ['user:default/jdoe', 'policy', null],
    ]);
    expect(answer.next?.map(n => n.userEntityRef)).toEqual([
      'user:default/lisi',
    ]);
  });

  it('falls back to the owners when the first level finds nobody, and says so', async () => {
    const policies = new FakePolicySource().assign(PAYMENTS_API, {
      id: 'empty',
      levels: [
        { delayMinutes: 5, targets: [{ kind: 'schedule', ref: 'gone' }] },
      ],
    });
    const resolver = setUp({ policies });

    const decision = await resolver.decide(PAYMENTS_API, AT);

    expect(decision.policyId).toBe('empty');
    expect(decision.now.map(n => n.via)).toEqual([
      'owner',
      'owner',
      'owner',
      'owner',
    ]);
    expect(decision.notes).toEqual([
      'nobody is on call in schedule gone',
      'nobody is on call in the first level of escalation policy empty: the owners answer instead',
    ]);
  });

  it('still pages the owners when the policy store or the schedules fail, and says why', async () => {
    const brokenPolicies = {
      policyForEntity: async () => {
        throw new Error('database is down');
      },
    } as unknown as FakePolicySource;
    const brokenSchedules = new FakeScheduleSource().add(paymentsPrimary());
    brokenSchedules.onCallAt = async () => {
      throw new Error('schedules table locked');
    };

    for (const resolver of [
      setUp({ policies: brokenPolicies }),
      setUp({ schedules: brokenSchedules }),
    ]) {
      const decision = await resolver.decide(PAYMENTS_API, AT);
      expect(decision.now.map(n => n.userEntityRef)).toEqual([
        'user:default/jdoe',
        'user:default/zhangsan',
        'user:default/lisi',
        'user:default/chenjing',
      ]);
      expect(decision.notes[0]).toMatch(
        /could not be read \((database is down|schedules table locked)\)/,
      );
    }
  });

  it('names a person on call through two schedules once, with the turn that lasts longest', async () => {
    const schedules = new FakeScheduleSource().add(paymentsPrimary()).add({
      id: 'payments-db',
      name: 'Payments DB',
      ownerRef: 'group:default/payments',
      turns: [
        {
          userEntityRef: 'user:default/zhangsan',
          start: '2026-12-07T00:00:00Z',
          end: '2026-12-09T00:00:00Z',
        },
      ],
    });

    const answer = await setUp({ schedules }).resolve(PAYMENTS_API, AT);

    expect(answer.now).toEqual([
      expect.objectContaining({
        userEntityRef: 'user:default/zhangsan',
        until: '2026-12-09T00:00:00.000Z',
        scheduleName: 'Payments DB',
      }),
    ]);
  });

  it("answers a group's own schedule, else its members", async () => {
    const schedules = new FakeScheduleSource().add(paymentsPrimary());
    const resolver = setUp({ schedules });

    const payments = await resolver.resolve('group:default/payments', AT);
    const platform = await resolver.resolve('group:default/platform', AT);

    expect(payments.now.map(n => [n.userEntityRef, n.via])).toEqual([
      ['user:default/zhangsan', 'schedule'],
    ]);
    expect(platform.now.map(n => [n.userEntityRef, n.via])).toEqual([
      ['user:default/wangwu', 'owner'],
      ['user:default/asmith', 'owner'],
    ]);
  });

  it('answers a user owner directly and an entity without owner with nobody', async () => {
    const entities = [
      ...withRelations([group('platform'), user('wangwu', ['platform'])]),
      component('batch', 'user:wangwu'),
      component('orphan'),
    ];
    const resolver = setUp({ entities });

    expect((await resolver.resolve('component:default/batch', AT)).now).toEqual(
      [
        {
          userEntityRef: 'user:default/wangwu',
          wecomUserId: 'WANGWU',
          until: null,
          via: 'owner',
        },
      ],
    );
    const orphan = await resolver.decide('component:default/orphan', AT);
    expect(orphan.now).toEqual([]);
    expect(orphan.notes).toEqual([
      'component:default/orphan has no owner in the catalog',
    ]);
  });

  describe('people who cannot be reached on WeCom', () => {
    it('still names them, marked with why: gone from the catalog, turned cards off, or not linked', async () => {
      const schedules = new FakeScheduleSource().add({
        ...paymentsPrimary(),
        turns: [
          {
            userEntityRef: 'user:default/leaver',
            start: '2026-12-07T02:00:00Z',
            end: '2026-12-07T18:00:00Z',
          },
          {
            userEntityRef: 'user:default/lisi',
            start: '2026-12-07T18:00:00Z',
            end: '2026-12-08T02:00:00Z',
          },
        ],
      });
      const policies = new FakePolicySource().assign(PAYMENTS_API, {
        id: 'payments-critical',
        levels: [
          {
            delayMinutes: 5,
            targets: [
              { kind: 'schedule', ref: 'payments-primary' },
              { kind: 'user', ref: 'user:default/zhangsan' },
              { kind: 'user', ref: 'user:default/jdoe' },
            ],
          },
        ],
      });
      // The leaver's link outlived them; zhangsan turned cards off.
      const links = new FakeLinkStore()
        .add('user:default/leaver', 'LEAVER')
        .add('user:default/zhangsan', 'ZHANGSAN')
        .add('user:default/jdoe', 'JDOE');

      const answer = await setUp({
        schedules,
        policies,
        links,
        optedOut: ['user:default/zhangsan'],
      }).resolve(PAYMENTS_API, AT);

      expect(answer.now).toEqual([
        {
          userEntityRef: 'user:default/leaver',
          wecomUserId: 'LEAVER',
          until: '2026-12-07T18:00:00.000Z',
          via: 'schedule',
          scheduleId: 'payments-primary',
          scheduleName: 'Payments primary',
          ...unreachable('notInCatalog'),
        },
        {
          userEntityRef: 'user:default/zhangsan',
          wecomUserId: 'ZHANGSAN',
          until: null,
          via: 'policy',
          ...unreachable('optedOut'),
        },
        {
          userEntityRef: 'user:default/jdoe',
          wecomUserId: 'JDOE',
          until: null,
          via: 'policy',
        },
      ]);
      expect(answer.next).toEqual([
        expect.objectContaining({
          userEntityRef: 'user:default/lisi',
          ...unreachable('notLinked'),
        }),
      ]);
    });

    it("reads only the links of the people in the answer, never the integration's whole table", async () => {
      const links = new FakeLinkStore()
        .add('user:default/zhangsan', 'ZHANGSAN')
        .add('user:default/jdoe', 'JDOE');
      const listAll = jest.spyOn(links, 'list');
      const byUsers = jest.spyOn(links, 'listByUsers');
      const schedules = new FakeScheduleSource().add(paymentsPrimary());

      await setUp({ schedules, links }).resolve(PAYMENTS_API, AT);

      expect(listAll).not.toHaveBeenCalled();
      expect(byUsers).toHaveBeenCalledTimes(1);
      expect(byUsers).toHaveBeenCalledWith('acme', [
        'user:default/zhangsan',
        'user:default/lisi',
      ]);
    });
  });
});

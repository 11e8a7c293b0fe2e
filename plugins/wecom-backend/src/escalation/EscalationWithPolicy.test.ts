import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  WECOM_ANNOTATIONS,
  WeComEscalationPolicyInput,
} from 'backstage-plugin-wecom-common';
import { InMemoryIncidentProvider } from 'backstage-plugin-wecom-node/testUtils';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { DEMO_LINKED_USERS, demoOrg } from '../__testUtils__/demoOrg';
import { applyMigrations } from '../database/migrations';
import { IncidentCardOrchestrator } from '../incidentCards/IncidentCardOrchestrator';
import { FakeCardDelivery } from '../incidentCards/__testUtils__/FakeCardDelivery';
import { WeComIntegration } from '../integrations/types';
import { DatabaseLinkStore } from '../linking/DatabaseLinkStore';
import { ScheduleOnCallSource } from '../oncall/contracts';
import { CatalogRecipientResolver } from '../recipients/CatalogRecipientResolver';
import { CatalogResponderDirectory } from '../recipients/CatalogResponderDirectory';
import { DatabasePreferencesStore } from '../recipients/DatabasePreferencesStore';
import { onCallResolverFor } from '../oncall/__testUtils__/onCallTestBed';
import { CatalogEscalationPolicySource } from './CatalogEscalationPolicySource';
import { Escalation } from './Escalation';
import { EscalationPolicy } from './EscalationPolicy';
import { EscalationPolicyStore } from './EscalationPolicyStore';
import { EscalationTimerStore } from './EscalationTimerStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const acme = { id: 'acme', warRoom: { enabled: false } } as WeComIntegration;
const u = (name: string) => `user:default/${name}`;
const T0 = DateTime.fromISO('2026-12-07T09:00:00Z', { zone: 'utc' });

/** `primary`: jdoe until 09:30, then lisi; `gone` does not exist. */
const schedules: Pick<ScheduleOnCallSource, 'describe' | 'onCallAt'> = {
  describe: async id =>
    id === 'primary'
      ? { id, name: 'Primary', ownerRef: 'group:default/payments' }
      : undefined,
  onCallAt: async (id, at) => {
    if (id !== 'primary') return [];
    const first = at < T0.plus({ minutes: 30 });
    return [
      {
        userEntityRef: u(first ? 'jdoe' : 'lisi'),
        until: first ? T0.plus({ minutes: 30 }) : T0.plus({ days: 7 }),
        via: 'schedule',
        scheduleId: id,
        scheduleName: 'Primary',
      },
    ];
  },
};

const paymentsPolicy: WeComEscalationPolicyInput = {
  name: 'Payments',
  ownerRef: 'group:default/payments',
  levels: [
    { targets: [{ kind: 'schedule', ref: 'primary' }], delayMinutes: 5 },
    {
      targets: [
        { kind: 'schedule', ref: 'gone' },
        { kind: 'group', ref: 'group:default/sre' },
      ],
      delayMinutes: 10,
    },
    { targets: [{ kind: 'user', ref: u('wangwu') }], delayMinutes: 30 },
  ],
  repeat: 1,
};

describe.each(databases.eachSupportedId())(
  'escalation by a stored policy on %p',
  databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await applyMigrations(knex);
      const links = new DatabaseLinkStore(knex);
      for (const name of DEMO_LINKED_USERS) {
        await links.link({
          integrationId: 'acme',
          entityRef: u(name),
          wecomUserId: name,
          source: 'manual',
        });
      }
    });
    afterAll(async () => {
      await knex.destroy();
    });
    beforeEach(async () => {
      await knex('wecom_escalation_timers').delete();
      await knex('wecom_escalation_policies').delete();
    });

    /** payments-api names the policy `payments` by annotation. */
    function world(
      config: { levels: string[]; renotifyMinutes: number } = {
        levels: [u('asmith')],
        renotifyMinutes: 0,
      },
    ) {
      let now = T0;
      const clock = () => now;
      const entities = demoOrg().map(entity =>
        entity.metadata.name === 'payments-api'
          ? {
              ...entity,
              metadata: {
                ...entity.metadata,
                annotations: {
                  [WECOM_ANNOTATIONS.escalationPolicy]: 'payments',
                },
              },
            }
          : entity,
      );
      const catalog = catalogServiceMock({ entities });
      const auth = mockServices.auth();
      const incidents = new InMemoryIncidentProvider({
        now: () => now.toJSDate(),
      });
      const delivery = new FakeCardDelivery();
      const links = new DatabaseLinkStore(knex);
      const resolver = new CatalogRecipientResolver({
        directory: new CatalogResponderDirectory(catalog, auth),
        onCall: onCallResolverFor({ catalog, auth, links, now: clock }),
        links,
        preferences: new DatabasePreferencesStore(knex, clock),
      });
      const store = new EscalationPolicyStore(knex, clock);
      const logger = mockServices.logger.mock();
      const unreachable = { add: jest.fn() };
      const escalation = new Escalation({
        store: new EscalationTimerStore(knex, clock),
        // The app-config default: one level after 15 minutes.
        policy: new EscalationPolicy({
          levels: config.levels.map(target => ({
            afterMinutes: 15,
            targets: [target],
          })),
          renotifyMinutes: config.renotifyMinutes,
        }),
        incidents,
        sending: { resolver, delivery, incidents },
        logger,
        policies: new CatalogEscalationPolicySource({
          catalog,
          auth,
          store,
          logger,
        }),
        schedules,
        levelUnreachable: unreachable,
        now: clock,
      });
      new IncidentCardOrchestrator({
        incidents,
        resolver,
        delivery,
        escalation,
        integrations: { list: async () => [acme] },
        logger: mockServices.logger.mock(),
      }).start();
      return {
        store,
        incidents,
        escalation,
        logger,
        unreachable,
        create: (entityRef = 'component:default/payments-api') =>
          incidents.createIncident({
            title: 'Payments failing',
            severity: 'critical',
            entityRef,
          }),
        sends: (id: string) =>
          delivery
            .sends(id)
            .map(([level, people]) => [level, people.sort()] as const),
        timeline: (id: string) =>
          incidents
            .entries(id)
            .filter(e => e.kind === 'escalation' || e.kind === 'notification')
            .map(e => e.message),
        at: async (minutes: number) => {
          now = T0.plus({ minutes });
          return escalation.drain();
        },
      };
    }

    it('notifies the policy levels in turn, repeats them and says when it ran out', async () => {
      const w = world();
      await w.store.create(paymentsPolicy);
      const incident = await w.create();
      // Level 1 at once: whoever is on call in the schedule now, not the owners.
      expect(w.sends(incident.id)).toEqual([[0, [u('jdoe')]]]);

      expect(await w.at(4)).toBe(0);
      expect(await w.at(5)).toBe(1);
      expect(await w.at(15)).toBe(1);
      expect(await w.at(45)).toBe(1); // repeat: the schedule's turn changed
      expect(await w.at(50)).toBe(1);
      expect(await w.at(60)).toBe(1);
      expect(await w.at(90)).toBe(0); // ran out: nothing sent
      expect(await w.at(600)).toBe(0);

      const sre = [u('asmith'), u('guest'), u('jdoe')];
      expect(w.sends(incident.id)).toEqual([
        [0, [u('jdoe')]],
        [1, sre],
        [2, [u('wangwu')]],
        [0, [u('lisi')]],
        [1, sre],
        [2, [u('wangwu')]],
      ]);
      const timeline = w.timeline(incident.id);
      expect(timeline[0]).toBe('Escalating with policy "Payments" (v1)');
      expect(timeline[1]).toMatch(
        /^Notified level 1 of policy "Payments" \(v1\): schedule "Primary" \(user:default\/jdoe\) through integration acme: card queued for 1/,
      );
      expect(timeline[2]).toMatch(
        /^Escalated to level 2 of policy "Payments" \(v1\) \(5 minutes unacknowledged\), notifying group:default\/sre \(schedule "gone" no longer exists: skipped\) through integration acme/,
      );
      expect(timeline[4]).toMatch(
        /^Repeated policy "Payments" \(v1\) from level 1 \(repeat 1 of 1, still unacknowledged\), notifying schedule "Primary" \(user:default\/lisi\)/,
      );
      expect(timeline[timeline.length - 1]).toBe(
        'Policy "Payments" (v1) ran out: every level was notified 2 times and nobody acknowledged; no further notifications',
      );
    });

    it('keeps the policy it started with when the policy is edited mid-run; a retrigger takes the new version', async () => {
      const w = world();
      await w.store.create(paymentsPolicy);
      const incident = await w.create();
      expect(await w.at(5)).toBe(1);

      // Edited while escalating: level 3 now pages chenjing after 1 minute.
      await w.store.update('payments', {
        ...paymentsPolicy,
        levels: [
          paymentsPolicy.levels[0],
          { ...paymentsPolicy.levels[1], delayMinutes: 1 },
          { targets: [{ kind: 'user', ref: u('chenjing') }], delayMinutes: 1 },
        ],
        repeat: 0,
      });
      expect(await w.at(6)).toBe(0);
      expect(await w.at(15)).toBe(1);
      expect(w.sends(incident.id)[2]).toEqual([2, [u('wangwu')]]);
      expect(w.timeline(incident.id)[3]).toMatch(
        /^Escalated to level 3 of policy "Payments" \(v1\)/,
      );

      await w.incidents.transition(incident.id, { action: 'close' });
      await w.incidents.transition(incident.id, { action: 'reopen' });
      expect(w.timeline(incident.id).at(-1)).toBe(
        'Escalating with policy "Payments" (v2)',
      );
      // The new version's timing: level 2 after 5, level 3 one minute later.
      expect(await w.at(20)).toBe(1);
      expect(await w.at(21)).toBe(1);
      expect(w.sends(incident.id).at(-1)).toEqual([2, [u('chenjing')]]);
    });

    it('stops at once when someone acknowledges', async () => {
      const w = world();
      await w.store.create(paymentsPolicy);
      const incident = await w.create();
      await w.incidents.transition(
        incident.id,
        { action: 'startProcessing' },
        u('jdoe'),
      );
      expect(await w.at(600)).toBe(0);
      expect(w.sends(incident.id)).toHaveLength(1);
    });

    it('inherits the owner group’s policy, and keeps app-config behaviour without one', async () => {
      const w = world();
      // api-gateway has no annotation; its owner platform owns no policy yet.
      const before = await w.create('component:default/api-gateway');
      expect(w.sends(before.id)).toEqual([[0, [u('asmith'), u('wangwu')]]]);
      expect(await w.at(15)).toBe(1);
      expect(w.sends(before.id)[1]).toEqual([1, [u('asmith')]]);
      expect(w.timeline(before.id).join('\n')).not.toMatch(/policy/);

      await w.store.create({
        ...paymentsPolicy,
        name: 'Platform',
        ownerRef: 'group:default/platform',
        levels: [
          { targets: [{ kind: 'user', ref: u('wangwu') }], delayMinutes: 3 },
        ],
        repeat: 0,
      });
      const after = await w.create('component:default/api-gateway');
      expect(w.sends(after.id)).toEqual([[0, [u('wangwu')]]]);
      expect(w.timeline(after.id)[0]).toBe(
        'Escalating with policy "Platform" (v1)',
      );
    });

    it('escalates by app-config when the annotation names no stored policy, warning once', async () => {
      const w = world();
      const first = await w.create();
      await w.create();
      // The owners, as without any policy.
      expect(w.sends(first.id)).toEqual([
        [0, [u('chenjing'), u('jdoe'), u('lisi'), u('zhangsan')]],
      ]);
      expect(await w.at(15)).toBe(2);
      const warnings = (w.logger.warn as jest.Mock).mock.calls.filter(
        ([message]) => /names escalation policy "payments"/.test(message),
      );
      expect(warnings).toHaveLength(1);
    });

    describe('a level that reaches nobody on WeCom', () => {
      // newhire has no WeCom link; wangwu has.
      const unreachableFirst: WeComEscalationPolicyInput = {
        ...paymentsPolicy,
        levels: [
          { targets: [{ kind: 'user', ref: u('newhire') }], delayMinutes: 5 },
          { targets: [{ kind: 'schedule', ref: 'gone' }], delayMinutes: 10 },
          { targets: [{ kind: 'user', ref: u('wangwu') }], delayMinutes: 30 },
        ],
        repeat: 0,
      };

      it('moves on to the next level at once, saying so on the timeline, in the log and in a metric', async () => {
        const w = world();
        await w.store.create(unreachableFirst);
        const incident = await w.create();
        // Level 1 reached nobody: level 2 is due now, not in 5 minutes;
        // level 2 has nobody to notify either: level 3 is due now too, and
        // the same drain sends it.
        expect(await w.at(0)).toBe(1);
        expect(w.sends(incident.id)).toEqual([
          [0, []],
          [2, [u('wangwu')]],
        ]);
        const timeline = w.timeline(incident.id);
        expect(timeline).toContain(
          'Level 1 of policy "Payments" (v1) reaches nobody on WeCom: level 2 is notified now instead of after 5 minutes',
        );
        expect(timeline).toContain(
          'Level 2 of policy "Payments" (v1) reaches nobody on WeCom: level 3 is notified now instead of after 15 minutes',
        );
        expect(w.unreachable.add).toHaveBeenCalledTimes(2);
        expect(w.unreachable.add).toHaveBeenCalledWith(1, { policy: 'stored' });
        const warnings = (w.logger.warn as jest.Mock).mock.calls
          .map(([message]) => message)
          .filter(message => /reaches nobody/.test(message));
        expect(warnings).toEqual([
          `Escalation of incident ${incident.id}: level 1 of policy "Payments" (v1) reaches nobody on WeCom, moving on to level 2 now`,
          `Escalation of incident ${incident.id}: level 2 of policy "Payments" (v1) reaches nobody on WeCom, moving on to level 3 now`,
        ]);

        // Level 3 reached wangwu: the run keeps its own clock from here.
        expect(await w.at(44)).toBe(0);
        expect(await w.at(45)).toBe(0); // ran out
        expect(w.timeline(incident.id).at(-1)).toMatch(/ran out/);
      });

      it('does the same for the app-config levels when the responders reach nobody', async () => {
        const w = world();
        const incident = await w.incidents.createIncident({
          title: 'Batch failing',
          severity: 'critical',
          responders: [u('newhire')],
        });
        expect(w.sends(incident.id)).toEqual([[0, []]]);
        expect(await w.at(0)).toBe(1);
        expect(w.sends(incident.id)).toEqual([
          [0, []],
          [1, [u('asmith')]],
        ]);
        expect(w.timeline(incident.id)).toContain(
          'The responders reach nobody on WeCom: level 1 is notified now instead of after 15 minutes',
        );
        expect(w.unreachable.add).toHaveBeenCalledWith(1, { policy: 'config' });
      });

      it('keeps re-notifying an app-config last level that reaches nobody at its own pace, not in a loop', async () => {
        const w = world({ levels: [u('newhire')], renotifyMinutes: 5 });
        const incident = await w.incidents.createIncident({
          title: 'Batch failing',
          severity: 'critical',
          responders: [u('newhire')],
        });
        // The responders reach nobody: level 1 now; it reaches nobody
        // either and has no level after it, so it waits its 5 minutes.
        expect(await w.at(0)).toBe(1);
        expect(await w.at(1)).toBe(0);
        expect(
          w.timeline(incident.id).filter(m => /reach(es)? nobody/.test(m)),
        ).toHaveLength(1);
        expect(await w.at(15)).toBe(1); // the re-notification, on time
      });

      it('spends only the first pass of a stored policy at once when nobody anywhere is reachable', async () => {
        const w = world();
        await w.store.create({
          ...unreachableFirst,
          levels: [unreachableFirst.levels[0], unreachableFirst.levels[1]],
          repeat: 2,
        });
        const incident = await w.create();
        await w.at(0); // level 2 of the first pass, at once
        const firstPass = w.timeline(incident.id);
        expect(firstPass.at(-1)).toMatch(/^Escalated to level 2 of policy/);
        await w.at(1); // the repeat keeps the policy's time
        expect(w.timeline(incident.id)).toEqual(firstPass);
        expect(firstPass.filter(m => /reaches nobody/.test(m))).toHaveLength(1);
        expect(w.timeline(incident.id).join('\n')).not.toMatch(/ran out/);
      });

      it('moves on even when the timeline cannot say so, sending each level once', async () => {
        const w = world();
        await w.store.create(unreachableFirst);
        const add = w.incidents.addTimelineEntry.bind(w.incidents);
        jest
          .spyOn(w.incidents, 'addTimelineEntry')
          .mockImplementation(async (id, entry) => {
            if (/reaches nobody/.test(entry.message)) {
              throw new Error('timeline unavailable');
            }
            return add(id, entry);
          });
        const incident = await w.create();
        expect(await w.at(0)).toBe(1);
        expect(await w.at(1)).toBe(0);
        expect(w.sends(incident.id)).toEqual([
          [0, []],
          [2, [u('wangwu')]],
        ]);
      });

      it('waits as ever when someone was reached', async () => {
        const w = world();
        await w.store.create(paymentsPolicy);
        await w.create();
        expect(await w.at(0)).toBe(0);
        expect(await w.at(4)).toBe(0);
        expect(w.unreachable.add).not.toHaveBeenCalled();
      });
    });
  },
);

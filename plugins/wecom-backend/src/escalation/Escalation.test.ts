import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { InMemoryIncidentProvider } from 'backstage-plugin-wecom-node/testUtils';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { WeComIntegration } from '../integrations/types';
import { DatabaseLinkStore } from '../linking/DatabaseLinkStore';
import { IncidentCardOrchestrator } from '../incidentCards/IncidentCardOrchestrator';
import { DEMO_LINKED_USERS, demoOrg } from '../__testUtils__/demoOrg';
import { FakeCardDelivery } from '../incidentCards/__testUtils__/FakeCardDelivery';
import { migrateRouting } from '../__testUtils__/migrateRouting';
import { onCallResolverFor } from '../oncall/__testUtils__/onCallTestBed';
import { CatalogRecipientResolver } from '../recipients/CatalogRecipientResolver';
import { CatalogResponderDirectory } from '../recipients/CatalogResponderDirectory';
import { EscalationConfig } from './config';
import { DatabasePreferencesStore } from '../recipients/DatabasePreferencesStore';
import { Escalation } from './Escalation';
import { EscalationPolicy } from './EscalationPolicy';
import { EscalationTimerStore } from './EscalationTimerStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const acme = { id: 'acme', warRoom: { enabled: false } } as WeComIntegration;
const users = (names: string[]) => names.map(n => `user:default/${n}`).sort();
const PAYMENTS = users(['chenjing', 'jdoe', 'lisi', 'zhangsan']);
const SRE_LINKED = users(['asmith', 'guest', 'jdoe']);

describe.each(databases.eachSupportedId())('escalation on %p', databaseId => {
  let knex: Knex;
  let links: DatabaseLinkStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateRouting(knex);
    links = new DatabaseLinkStore(knex);
    for (const name of DEMO_LINKED_USERS) {
      await links.link({
        integrationId: 'acme',
        entityRef: `user:default/${name}`,
        wecomUserId: name,
        source: 'manual',
      });
    }
  });
  afterAll(async () => {
    await knex.destroy();
  });
  beforeEach(async () => {
    // Each test starts without the previous test's timers.
    await knex('wecom_escalation_timers').delete();
  });

  /** One backend replica's notification parts, on a clock the test moves. */
  function world(config: EscalationConfig) {
    let now = DateTime.fromISO('2026-11-26T09:00:00Z', { zone: 'utc' });
    const clock = () => now;
    const incidents = new InMemoryIncidentProvider({
      now: () => now.toJSDate(),
    });
    const delivery = new FakeCardDelivery();
    const catalog = catalogServiceMock({ entities: demoOrg() });
    const auth = mockServices.auth();
    const resolver = new CatalogRecipientResolver({
      directory: new CatalogResponderDirectory(catalog, auth),
      onCall: onCallResolverFor({ catalog, auth, links }),
      links,
      preferences: new DatabasePreferencesStore(knex, clock),
    });
    const timers = new EscalationTimerStore(knex, clock);
    /** Another runner on the same database, as on a second replica. */
    const runner = () =>
      new Escalation({
        store: new EscalationTimerStore(knex, clock),
        policy: new EscalationPolicy(config),
        incidents,
        sending: { resolver, delivery, incidents },
        logger: mockServices.logger.mock(),
        now: clock,
      });
    const escalation = runner();
    new IncidentCardOrchestrator({
      incidents,
      resolver,
      delivery,
      escalation,
      integrations: { list: async () => [acme] },
      logger: mockServices.logger.mock(),
    }).start();
    const create = () =>
      incidents.createIncident({
        title: 'Payments failing',
        severity: 'critical',
        entityRef: 'component:default/payments-api',
      });
    /** Who each card of the incident went to, by level. */
    const sends = (incidentId: string) =>
      delivery
        .sends(incidentId)
        .map(([level, recipients]) => [level, recipients.sort()]);
    return {
      incidents,
      delivery,
      escalation,
      timers,
      runner,
      create,
      sends,
      advance: (minutes: number) => {
        now = now.plus({ minutes });
      },
      now: () => now,
    };
  }

  const twoLevels: EscalationConfig = {
    levels: [
      { afterMinutes: 15, targets: ['group:default/sre'] },
      { afterMinutes: 30, targets: ['user:default/wangwu'] },
    ],
    renotifyMinutes: 0,
  };

  it('fires level 1 after its delay when nobody acknowledged, then level 2', async () => {
    const w = world(twoLevels);
    const incident = await w.create();
    expect(w.sends(incident.id)).toEqual([[0, PAYMENTS]]);

    w.advance(14);
    expect(await w.escalation.drain()).toBe(0);
    w.advance(1);
    expect(await w.escalation.drain()).toBe(1);
    expect(w.sends(incident.id)).toEqual([
      [0, PAYMENTS],
      [1, SRE_LINKED],
    ]);
    const [entry] = w.incidents.entries(incident.id, 'escalation');
    expect(entry.message).toBe(
      'Escalated to level 1 (15 minutes unacknowledged), notifying group:default/sre through integration acme: ' +
        'card queued for 3: user:default/guest, user:default/jdoe, user:default/asmith; ' +
        'not linked to WeCom: user:default/newhire',
    );
    expect(entry.data).toMatchObject({
      level: 1,
      unlinked: ['user:default/newhire'],
    });

    w.advance(15);
    expect(await w.escalation.drain()).toBe(1);
    expect(w.sends(incident.id)[2]).toEqual([2, users(['wangwu'])]);

    // Nothing after the last level without re-notification.
    w.advance(600);
    expect(await w.escalation.drain()).toBe(0);
    expect(await w.timers.pending(incident.id)).toBeUndefined();
  });

  it('does not fire after someone starts processing', async () => {
    const w = world(twoLevels);
    const incident = await w.create();
    w.advance(5);
    await w.incidents.transition(
      incident.id,
      { action: 'startProcessing' },
      'user:default/jdoe',
    );
    expect(await w.timers.pending(incident.id)).toBeUndefined();

    w.advance(60);
    expect(await w.escalation.drain()).toBe(0);
    expect(w.sends(incident.id)).toEqual([[0, PAYMENTS]]);
    expect(w.delivery.statusChanges).toEqual([
      {
        incident: expect.objectContaining({ status: 'processing' }),
        changedBy: 'user:default/jdoe',
      },
    ]);
  });

  it('does not fire when another replica acknowledged unheard', async () => {
    const w = world(twoLevels);
    const incident = await w.create();
    w.incidents.changeUnheard(incident.id, { status: 'processing' });
    w.advance(15);
    expect(await w.escalation.drain()).toBe(0);
    expect(w.sends(incident.id)).toHaveLength(1);
    const rows = await knex('wecom_escalation_timers').where({
      incident_id: incident.id,
    });
    expect(rows.map(r => [r.level, r.outcome])).toEqual([[1, 'cancelled']]);
  });

  it('fires once when two runners drain the same database at once', async () => {
    const w = world(twoLevels);
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await w.create());

    for (const level of [1, 2]) {
      w.advance(15);
      const fired = await Promise.all([w.runner().drain(), w.runner().drain()]);
      expect(fired[0] + fired[1]).toBe(5);
      for (const incident of created) {
        const atLevel = w.sends(incident.id).filter(([l]) => l === level);
        expect(atLevel).toHaveLength(1);
      }
    }
    expect(w.delivery.notified).toHaveLength(15);
  });

  it('re-notifies every renotifyMinutes until someone acknowledges', async () => {
    const w = world({ levels: [], renotifyMinutes: 10 });
    const incident = await w.create();
    for (let i = 0; i < 3; i++) {
      w.advance(10);
      expect(await w.escalation.drain()).toBe(1);
    }
    expect(w.sends(incident.id)).toEqual([
      [0, PAYMENTS],
      [0, PAYMENTS],
      [0, PAYMENTS],
      [0, PAYMENTS],
    ]);
    expect(
      w.incidents.entries(incident.id, 'escalation').map(e => e.data?.round),
    ).toEqual([1, 2, 3]);
    expect(w.incidents.entries(incident.id, 'escalation')[2].message).toMatch(
      /^Re-notified the responders \(repeat 3, still unacknowledged\)/,
    );

    await w.incidents.transition(
      incident.id,
      { action: 'startProcessing' },
      'user:default/zhangsan',
    );
    w.advance(60);
    expect(await w.escalation.drain()).toBe(0);
    expect(w.sends(incident.id)).toHaveLength(4);
  });

  it('stops while snoozed and restarts from level 0 when the snooze ends', async () => {
    const w = world({
      levels: [{ afterMinutes: 15, targets: ['group:default/sre'] }],
      renotifyMinutes: 10,
    });
    const incident = await w.create();
    w.advance(5);
    await w.incidents.transition(
      incident.id,
      { action: 'snooze', snoozeMinutes: 120 },
      'user:default/jdoe',
    );
    w.advance(120);
    expect(await w.escalation.drain()).toBe(0);
    expect(w.sends(incident.id)).toEqual([[0, PAYMENTS]]);

    expect(await w.incidents.wakeDueSnoozes()).toHaveLength(1);
    const restarted = await w.timers.pending(incident.id);
    expect(restarted).toMatchObject({ level: 0, round: 1 });
    expect(restarted!.dueAt.toMillis()).toBe(
      w.now().plus({ minutes: 10 }).toMillis(),
    );

    w.advance(10);
    expect(await w.escalation.drain()).toBe(1);
    w.advance(5);
    expect(await w.escalation.drain()).toBe(1);
    expect(w.sends(incident.id)).toEqual([
      [0, PAYMENTS],
      [0, PAYMENTS],
      [1, SRE_LINKED],
    ]);
    // The cards were told about both changes; the wake-up is the system's.
    expect(w.delivery.statusChanges.map(c => c.changedBy)).toEqual([
      'user:default/jdoe',
      'system',
    ]);
  });

  it('restarts when a closed incident is reopened', async () => {
    const w = world(twoLevels);
    const incident = await w.create();
    await w.incidents.transition(incident.id, { action: 'close' });
    expect(await w.timers.pending(incident.id)).toBeUndefined();
    w.advance(60);
    await w.incidents.transition(incident.id, { action: 'reopen' });
    w.advance(15);
    expect(await w.escalation.drain()).toBe(1);
    expect(w.sends(incident.id)).toEqual([
      [0, PAYMENTS],
      [1, SRE_LINKED],
    ]);
  });

  it('retries a failed escalation when its claim expires', async () => {
    const w = world(twoLevels);
    const incident = await w.create();
    const notify = jest
      .spyOn(w.delivery, 'notify')
      .mockRejectedValueOnce(new Error('database unavailable'));
    w.advance(15);
    expect(await w.escalation.drain()).toBe(0);
    // Still claimed: a second drain right away leaves it alone.
    expect(await w.runner().drain()).toBe(0);
    w.advance(6);
    expect(await w.runner().drain()).toBe(1);
    expect(notify).toHaveBeenCalledTimes(2);
    expect(w.sends(incident.id)).toEqual([
      [0, PAYMENTS],
      [1, SRE_LINKED],
    ]);
  });
});

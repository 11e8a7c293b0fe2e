import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { demoOrg } from '../__testUtils__/demoOrg';
import { startBackendWithEmulator } from '../__testUtils__/startBackendWithEmulator';

// Through the whole plugin and the emulator: a policy owned by the payments
// team is created through the API; an incident of payments-api (no
// annotation, no responders) inherits it, so its first card goes to the
// policy's level 1 — not to the team — and the run keeps the policy's
// snapshot, which an edit does not change.

jest.setTimeout(120_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };

async function until(check: () => void | Promise<void>, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}

describe.each(databases.eachSupportedId())(
  'escalation policies end to end on %p',
  databaseId => {
    let knex: Knex;
    let ctx: Awaited<ReturnType<typeof startBackendWithEmulator>>;
    const api = () => request(ctx.server);

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ctx = await startBackendWithEmulator({ knex, entities: demoOrg() });
      for (const [entityRef, wecomUserId] of [
        ['user:default/wangwu', 'WangWu'],
        ['user:default/jdoe', 'JohnDoe'],
        ['user:default/zhangsan', 'ZhangSan'],
      ]) {
        const linked = await api()
          .post('/api/wecom/linked-users/links')
          .set(auth)
          .send({ integrationId: 'demo', entityRef, wecomUserId });
        if (linked.status !== 200) {
          throw new Error(`Linking ${entityRef} failed: ${linked.text}`);
        }
      }
    });
    afterAll(async () => {
      await ctx?.stop();
    });

    it('pages the inherited policy’s first level and keeps its snapshot', async () => {
      const created = await api()
        .post('/api/wecom/escalation-policies')
        .set(auth)
        .send({
          name: 'Payments',
          ownerRef: 'group:default/payments',
          levels: [
            { targets: [{ kind: 'user', ref: 'wangwu' }], delayMinutes: 5 },
            { targets: [{ kind: 'group', ref: 'sre' }], delayMinutes: 10 },
          ],
          repeat: 1,
        });
      expect(created.status).toBe(201);

      const incident = await api().post('/api/wecom/incidents').set(auth).send({
        title: 'Payments API 5xx above 5%',
        severity: 'critical',
        entityRef: 'component:default/payments-api',
      });
      expect(incident.status).toBe(201);
      const id: string = incident.body.id;

      await until(async () => {
        const { items } = (
          await api().get(`/api/wecom/incidents/${id}/deliveries`).set(auth)
        ).body;
        expect(items.map((d: any) => [d.wecomUserId, d.status])).toEqual([
          ['WangWu', 'sent'],
        ]);
      });
      expect(ctx.emulator.callCount('message/send')).toBe(1);

      // Edited while the incident escalates: the run keeps version 1.
      const edited = await api()
        .put('/api/wecom/escalation-policies/payments')
        .set(auth)
        .send({
          name: 'Payments',
          ownerRef: 'group:default/payments',
          levels: [
            { targets: [{ kind: 'user', ref: 'jdoe' }], delayMinutes: 1 },
          ],
          repeat: 0,
        });
      expect(edited.body.version).toBe(2);
      const [timer] = await knex('wecom_escalation_timers')
        .where({ incident_id: id })
        .whereNull('done_at');
      expect(timer).toMatchObject({ level: 1, round: 0 });
      expect(JSON.parse(timer.policy)).toMatchObject({
        id: 'payments',
        version: 1,
        levels: [{ delayMinutes: 5 }, { delayMinutes: 10 }],
      });

      const timeline = (
        await api().get(`/api/wecom/incidents/${id}/timeline`).set(auth)
      ).body.items.map((e: any) => e.message);
      expect(timeline).toContain('Escalating with policy "Payments" (v1)');
      expect(timeline).toContainEqual(
        expect.stringMatching(
          /^Notified level 1 of policy "Payments" \(v1\): user:default\/wangwu through integration demo/,
        ),
      );
    });
  },
);

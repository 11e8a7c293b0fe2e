import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { WECOM_ANNOTATIONS } from 'backstage-plugin-wecom-common';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { component, demoOrg } from '../__testUtils__/demoOrg';
import { hidingCatalog } from '../__testUtils__/hidingCatalog';
import { catalogVisibility } from '../catalog/catalogVisibility';
import { applyMigrations } from '../database/migrations';
import { EscalationPolicyService } from './EscalationPolicyService';
import { EscalationPolicyStore } from './EscalationPolicyStore';
import { createEscalationPoliciesRouter } from './policyRouter';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const admin = {
  Authorization: mockCredentials.user.header('user:default/admin'),
};
/** A user the catalog's own policy hides the SRE team and `secret-job` from. */
const limited = {
  Authorization: mockCredentials.user.header('user:default/wangwu'),
};
const HIDDEN_FROM = {
  'user:default/wangwu': ['group:default/sre', 'component:default/secret-job'],
};
const READ = 'wecom.oncall.read';
const MANAGE = 'wecom.escalationPolicy.manage';

const valid = {
  name: 'Payments Primary',
  ownerRef: 'Group:default/Payments',
  levels: [
    { targets: [{ kind: 'schedule', ref: 'primary' }], delayMinutes: 5 },
    {
      targets: [
        { kind: 'group', ref: 'sre' },
        { kind: 'user', ref: 'WangWu' },
      ],
      delayMinutes: 15,
    },
  ],
  repeat: 2,
};

function startApp(knex: Knex, deny: string[] = []) {
  const namingPolicy = (name: string, policy: string) => ({
    ...component(name, 'payments'),
    metadata: {
      name,
      namespace: 'default',
      annotations: { [WECOM_ANNOTATIONS.escalationPolicy]: policy },
    },
  });
  const catalog = hidingCatalog(
    [
      ...demoOrg(),
      namingPolicy('checkout', 'payments-primary'),
      namingPolicy('secret-job', 'sre-primary'),
      namingPolicy('sre-tool', 'sre-primary'),
    ],
    HIDDEN_FROM,
  );
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result:
          'permission' in r && deny.includes(r.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
  });
  const auditor = mockServices.auditor.mock();
  const escalationPolicies = new EscalationPolicyService({
    store: new EscalationPolicyStore(knex),
    catalog,
    auth: mockServices.auth(),
    schedules: {
      describe: async id => {
        if (id === 'primary') {
          return { id, name: 'Primary', ownerRef: 'group:default/payments' };
        }
        return id === 'sre-oncall'
          ? { id, name: 'SRE', ownerRef: 'group:default/sre' }
          : undefined;
      },
    },
  });
  const app = express();
  app.use(
    createEscalationPoliciesRouter({
      escalationPolicies,
      // No header, no credentials (the mock would default to a user).
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      permissions,
      auditor,
      catalogVisibility: catalogVisibility(catalog),
    }),
  );
  app.use(mockErrorHandler());
  return { app, auditor };
}

describe.each(databases.eachSupportedId())(
  'escalation policies API on %p',
  databaseId => {
    let knex: Knex;
    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await applyMigrations(knex);
    });
    beforeEach(async () => {
      await knex('wecom_escalation_policies').delete();
    });
    afterAll(() => knex.destroy());

    const create = (app: express.Express, body: object = valid) =>
      request(app).post('/escalation-policies').set(admin).send(body);

    describe('an attacker', () => {
      it('cannot page a schedule of a team the catalog hides from them, nor learn that it exists', async () => {
        const { app } = startApp(knex);
        const res = await request(app)
          .post('/escalation-policies')
          .set(limited)
          .send({
            name: 'Sneaky',
            ownerRef: 'group:default/payments',
            levels: [
              {
                targets: [{ kind: 'schedule', ref: 'sre-oncall' }],
                delayMinutes: 5,
              },
            ],
            repeat: 0,
          });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(
          'Invalid escalation policy: levels.0.targets.0: there is no schedule "sre-oncall"',
        );
      });

      it('cannot read or change anything without credentials', async () => {
        const { app } = startApp(knex);
        expect((await request(app).get('/escalation-policies')).status).toBe(
          401,
        );
        expect(
          (await request(app).post('/escalation-policies').send(valid)).status,
        ).toBe(401);
        expect(await knex('wecom_escalation_policies')).toHaveLength(0);
      });

      it('cannot read policies without wecom.oncall.read, nor learn which ids exist', async () => {
        await create(startApp(knex).app);
        const { app } = startApp(knex, [READ]);
        const list = await request(app).get('/escalation-policies').set(admin);
        expect(list.status).toBe(403);
        expect(list.body.error.message).toBe(`Missing permission ${READ}`);
        for (const id of ['payments-primary', 'nope']) {
          const one = await request(app)
            .get(`/escalation-policies/${id}`)
            .set(admin);
          expect(one.status).toBe(403);
        }
      });

      it('sees only policies whose owner group the catalog shows them; any other is a 404 like a missing one', async () => {
        const { app } = startApp(knex);
        await create(app);
        const sre = await create(app, {
          ...valid,
          name: 'SRE primary',
          ownerRef: 'group:default/sre',
        });
        expect(sre.status).toBe(201);

        const list = await request(app)
          .get('/escalation-policies')
          .set(limited);
        expect(list.status).toBe(200);
        expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([
          'payments-primary',
        ]);
        expect(JSON.stringify(list.body)).not.toMatch(/SRE primary/);

        for (const id of ['sre-primary', 'nope']) {
          const one = await request(app)
            .get(`/escalation-policies/${id}`)
            .set(limited);
          expect(one.status).toBe(404);
          expect(one.body.error.message).toBe(`No escalation policy "${id}"`);
        }
        const put = await request(app)
          .put('/escalation-policies/sre-primary')
          .set(limited)
          .send({ ...valid, name: 'Taken over' });
        expect(put.status).toBe(404);
        const del = await request(app)
          .delete('/escalation-policies/sre-primary')
          .set(limited);
        expect(del.status).toBe(404);
        const still = await request(app)
          .get('/escalation-policies/sre-primary')
          .set(admin);
        expect(still.body.name).toBe('SRE primary');
      });

      it('learns from a refused delete only the entities they can see, and how many others there are', async () => {
        const { app } = startApp(knex);
        await create(app, {
          ...valid,
          name: 'SRE primary',
          ownerRef: 'group:default/payments',
        });
        // The policy's owner is visible to wangwu; one entity naming it is not.
        const refused = await request(app)
          .delete('/escalation-policies/sre-primary')
          .set(limited);
        expect(refused.status).toBe(409);
        expect(refused.body.error.message).toBe(
          `Escalation policy "sre-primary" is still named by component:default/sre-tool and 1 more you cannot see (annotation ${WECOM_ANNOTATIONS.escalationPolicy}): change those entities first`,
        );
        expect(refused.body.error.message).not.toMatch(/secret-job/);
      });

      it('cannot create, change or delete without wecom.escalationPolicy.manage, whatever the body', async () => {
        const created = await create(startApp(knex).app);
        const { app, auditor } = startApp(knex, [MANAGE]);
        const path = `/escalation-policies/${created.body.id}`;
        const answers = [
          await create(app),
          await create(app, { nonsense: true }),
          await request(app)
            .put(path)
            .set(admin)
            .send({ ...valid, repeat: 0 }),
          await request(app).delete(path).set(admin),
        ];
        expect(answers.map(a => a.status)).toEqual([403, 403, 403, 403]);
        expect(await knex('wecom_escalation_policies')).toHaveLength(1);
        const [row] = await knex('wecom_escalation_policies');
        expect(Number(row.version)).toBe(1);
        // Each refusal is audited as denied; nothing was changed.
        const events = (auditor.createEvent as jest.Mock).mock.calls.map(
          ([event]) => [event.eventId, event.meta.action, event.meta.outcome],
        );
        expect(events).toEqual([
          ['permission-denied', 'create', 'denied'],
          ['permission-denied', 'create', 'denied'],
          ['permission-denied', 'update', 'denied'],
          ['permission-denied', 'delete', 'denied'],
        ]);
      });

      it('cannot choose or change the id, nor send fields the API does not know', async () => {
        const { app } = startApp(knex);
        const withId = await create(app, { ...valid, id: 'admin' });
        expect(withId.status).toBe(400);
        expect(withId.body.error.message).toMatch(/Unrecognized key.*"id"/);
        const created = await create(app);
        const put = await request(app)
          .put(`/escalation-policies/${created.body.id}`)
          .set(admin)
          .send({ ...valid, id: 'other' });
        expect(put.status).toBe(400);
      });

      it('cannot send a body larger than 64 KB', async () => {
        const { app } = startApp(knex);
        const res = await create(app, { ...valid, name: 'x'.repeat(70_000) });
        expect(res.status).toBe(413);
      });
    });

    it('creates a policy with a slug id, normalised refs and version 1, and audits it', async () => {
      const { app, auditor } = startApp(knex);
      const res = await create(app);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: 'payments-primary',
        name: 'Payments Primary',
        ownerRef: 'group:default/payments',
        levels: [
          { targets: [{ kind: 'schedule', ref: 'primary' }], delayMinutes: 5 },
          {
            targets: [
              { kind: 'group', ref: 'group:default/sre' },
              { kind: 'user', ref: 'user:default/wangwu' },
            ],
            delayMinutes: 15,
          },
        ],
        repeat: 2,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'escalation-policy-change',
          meta: { action: 'create', name: 'Payments Primary' },
        }),
      );

      const list = await request(app).get('/escalation-policies').set(admin);
      expect(list.body).toEqual({ items: [res.body] });
      const one = await request(app)
        .get('/escalation-policies/payments-primary')
        .set(admin);
      expect(one.body).toEqual(res.body);
    });

    it('refuses a name taken in another case, and suffixes an id that is taken', async () => {
      const { app } = startApp(knex);
      await create(app);
      const same = await create(app, {
        ...valid,
        name: 'PAYMENTS primary',
        ownerRef: 'group:default/sre',
      });
      expect(same.status).toBe(409);
      expect(same.body.error.message).toBe(
        'The name "PAYMENTS primary" is taken by escalation policy "payments-primary" (names are compared regardless of case)',
      );
      const similar = await create(app, {
        ...valid,
        name: 'Payments: primary!',
        ownerRef: 'group:default/platform',
      });
      expect(similar.status).toBe(201);
      expect(similar.body.id).toBe('payments-primary-2');
      const chinese = await create(app, {
        ...valid,
        name: '支付值班',
        ownerRef: 'group:default/sre',
      });
      expect(chinese.body.id).toBe('policy');
    });

    it("refuses a second policy for a group: it would take over the team's paging by its name", async () => {
      const { app } = startApp(knex);
      await create(app);
      const takeover = await create(app, { ...valid, name: '0 first' });
      expect(takeover.status).toBe(409);
      expect(takeover.body.error.message).toMatch(
        /group:default\/payments already owns escalation policy "payments-primary"/,
      );
      const other = await create(app, {
        ...valid,
        name: 'SRE',
        ownerRef: 'group:default/sre',
      });
      const moved = await request(app)
        .put(`/escalation-policies/${other.body.id}`)
        .set(admin)
        .send({ ...valid, name: 'SRE' });
      expect(moved.status).toBe(409);
    });

    it('explains each bound a person can get wrong', async () => {
      const { app } = startApp(knex);
      const level = valid.levels[0];
      const cases: Array<[object, string]> = [
        [{ levels: [] }, 'levels: a policy needs at least one level'],
        [
          { levels: Array(11).fill(level) },
          'levels: a policy has at most 10 levels',
        ],
        [
          { levels: [{ ...level, delayMinutes: 0 }] },
          'levels.0.delayMinutes: delayMinutes must be at least 1 minutes (24 hours)',
        ],
        [
          { levels: [{ ...level, delayMinutes: 1441 }] },
          'levels.0.delayMinutes: delayMinutes must be at most 1440 minutes (24 hours)',
        ],
        [
          { levels: [{ ...level, delayMinutes: 2.5 }] },
          'levels.0.delayMinutes: delayMinutes must be a whole number',
        ],
        [
          { levels: [{ ...level, targets: [] }] },
          'levels.0.targets: a level needs at least one target',
        ],
        [
          {
            levels: [
              {
                ...level,
                targets: Array.from({ length: 21 }, (_, i) => ({
                  kind: 'user',
                  ref: `u${i}`,
                })),
              },
            ],
          },
          'levels.0.targets: a level has at most 20 targets',
        ],
        [{ repeat: 10 }, 'repeat: repeat must be at most 9'],
        [{ repeat: -1 }, 'repeat: repeat must be at least 0'],
        [
          { levels: [{ ...level, targets: [{ kind: 'team', ref: 'x' }] }] },
          'levels.0.targets.0.kind: kind must be schedule, group or user',
        ],
        [
          { ownerRef: 'user:default/jdoe' },
          'ownerRef: "user:default/jdoe" is not a group',
        ],
        [
          {
            levels: [
              {
                ...level,
                targets: [
                  { kind: 'user', ref: 'group:default/sre' },
                  { kind: 'user', ref: 'jdoe' },
                  { kind: 'user', ref: 'user:default/JDOE' },
                ],
              },
            ],
          },
          'levels.0.targets.0: "group:default/sre" is not a user; levels.0.targets.2: names user:default/jdoe twice',
        ],
      ];
      for (const [change, reason] of cases) {
        const res = await create(app, { ...valid, ...change });
        expect({
          change,
          status: res.status,
          message: res.body.error?.message,
        }).toEqual({
          change,
          status: 400,
          message: `Invalid escalation policy: ${reason}`,
        });
      }
      expect(await knex('wecom_escalation_policies')).toHaveLength(0);
    });

    it('names every user, group and schedule that does not exist', async () => {
      const { app } = startApp(knex);
      const res = await create(app, {
        ...valid,
        ownerRef: 'group:default/ghosts',
        levels: [
          {
            targets: [
              { kind: 'schedule', ref: 'secondary' },
              { kind: 'user', ref: 'nobody' },
              { kind: 'user', ref: 'jdoe' },
            ],
            delayMinutes: 5,
          },
          { targets: [{ kind: 'group', ref: 'infra' }], delayMinutes: 5 },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'Invalid escalation policy: ownerRef: group:default/ghosts is not in the catalog; ' +
          'levels.0.targets.1: user:default/nobody is not in the catalog; ' +
          'levels.1.targets.0: group:default/infra is not in the catalog; ' +
          'levels.0.targets.0: there is no schedule "secondary"',
      );
    });

    it('bumps the version on every edit and keeps the id', async () => {
      const { app, auditor } = startApp(knex);
      await create(app);
      const put = (body: object) =>
        request(app)
          .put('/escalation-policies/payments-primary')
          .set(admin)
          .send(body);
      const first = await put({
        ...valid,
        name: 'Payments on call',
        repeat: 0,
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        id: 'payments-primary',
        name: 'Payments on call',
        repeat: 0,
        version: 2,
      });
      expect((await put(valid)).body.version).toBe(3);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          meta: { action: 'update', policyId: 'payments-primary' },
        }),
      );
      const missing = await request(app)
        .put('/escalation-policies/nope')
        .set(admin)
        .send(valid);
      expect(missing.status).toBe(404);
    });

    it('refuses to delete a policy a catalog entity names, and deletes it otherwise', async () => {
      const { app, auditor } = startApp(knex);
      await create(app);
      await create(app, {
        ...valid,
        name: 'Spare',
        ownerRef: 'group:default/sre',
      });
      const inUse = await request(app)
        .delete('/escalation-policies/payments-primary')
        .set(admin);
      expect(inUse.status).toBe(409);
      expect(inUse.body.error.message).toBe(
        `Escalation policy "payments-primary" is still named by component:default/checkout (annotation ${WECOM_ANNOTATIONS.escalationPolicy}): change those entities first`,
      );
      const audit = await (auditor.createEvent as jest.Mock).mock.results.at(-1)
        ?.value;
      expect(audit.fail).toHaveBeenCalled();

      const spare = await request(app)
        .delete('/escalation-policies/spare')
        .set(admin);
      expect(spare.status).toBe(204);
      expect(
        (await request(app).get('/escalation-policies/spare').set(admin))
          .status,
      ).toBe(404);
    });
  },
);

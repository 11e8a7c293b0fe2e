import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogServiceRequestOptions } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { DateTime } from 'luxon';
import request from 'supertest';
import { demoOrg } from '../__testUtils__/demoOrg';
import { FakeLinkStore } from '../aiSre/bot/commands/__testUtils__/commandsTestBed';
import {
  FakePolicySource,
  FakeScheduleSource,
} from './__testUtils__/fakeSchedules';
import { EscalationPolicySource } from './contracts';
import { createOnCallServices } from './createOnCallServices';
import { createOnCallRouter } from './router';

const NOW = DateTime.fromISO('2026-12-07T10:00:00Z', { zone: 'utc' });
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${user}`),
});

/**
 * The routes over the demo organisation, "Payments primary" putting lisi
 * on call, and a catalog whose own policy hides `hidden` from users.
 */
function startApp(
  options: {
    hidden?: string[];
    denyOnCallRead?: boolean;
    policies?: EscalationPolicySource;
  } = {},
) {
  const catalog = catalogServiceMock({ entities: demoOrg() });
  const auth = mockServices.auth();
  const hidden = new Set(options.hidden ?? []);
  const getEntitiesByRefs = catalog.getEntitiesByRefs.bind(catalog);
  catalog.getEntitiesByRefs = async (req, catalogOptions) => {
    const found = await getEntitiesByRefs(req, catalogOptions);
    const { credentials } = catalogOptions as CatalogServiceRequestOptions;
    const asUser = auth.isPrincipal(credentials, 'user');
    return {
      items: found.items.map(entity =>
        entity &&
        asUser &&
        hidden.has(stringifyEntityRef(entity).toLocaleLowerCase('en-US'))
          ? undefined
          : entity,
      ),
    };
  };
  const schedules = new FakeScheduleSource().add({
    id: 'payments-primary',
    name: 'Payments primary',
    ownerRef: 'group:default/payments',
    turns: [
      {
        userEntityRef: 'user:default/lisi',
        start: '2026-12-07T02:00:00Z',
        end: '2026-12-07T18:00:00Z',
      },
      {
        userEntityRef: 'user:default/zhangsan',
        start: '2026-12-07T18:00:00Z',
        end: '2026-12-08T02:00:00Z',
      },
    ],
  });
  const onCallRead = jest.spyOn(schedules, 'onCallAt');
  const onCall = createOnCallServices({
    catalog,
    auth,
    links: new FakeLinkStore().add('user:default/lisi', 'LISI'),
    schedules,
    policies: options.policies ?? { policyForEntity: async () => undefined },
    integrationFor: async () => 'acme',
  });
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(() => ({
        result: options.denyOnCallRead
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })),
  });
  const app = express();
  app.use(
    createOnCallRouter({
      onCall,
      httpAuth: mockServices.httpAuth(),
      permissions,
      now: () => NOW,
    }),
  );
  app.use(mockErrorHandler());
  return { app, onCallRead };
}

describe('GET /oncall', () => {
  it('answers 404 for an entity the catalog hides from the caller, exactly as for one that does not exist, and resolves nothing', async () => {
    const { app, onCallRead } = startApp({
      hidden: ['component:default/payments-api'],
    });

    const hidden = await request(app)
      .get('/oncall')
      .query({ entityRef: 'component:default/payments-api' })
      .set(as('wangwu'));
    const missing = await request(app)
      .get('/oncall')
      .query({ entityRef: 'component:default/payments-apx' })
      .set(as('wangwu'));

    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.error.message).toBe(
      'No entity component:default/payments-api',
    );
    expect(missing.body.error.message).toBe(
      'No entity component:default/payments-apx',
    );
    expect(JSON.stringify(hidden.body)).not.toMatch(/lisi|Payments primary/);
    expect(onCallRead).not.toHaveBeenCalled();
  });

  it('refuses without wecom.oncall.read before reading anything', async () => {
    const { app, onCallRead } = startApp({ denyOnCallRead: true });

    const res = await request(app)
      .get('/oncall')
      .query({ entityRef: 'component:default/payments-api' })
      .set(as('wangwu'));

    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Missing permission wecom.oncall.read');
    expect(onCallRead).not.toHaveBeenCalled();
  });

  it('answers 400 for a missing, repeated or malformed ref', async () => {
    const { app } = startApp();

    for (const query of [
      {},
      { entityRef: '' },
      { entityRef: 'payments-api' },
      { entityRef: ['component:a', 'component:b'] },
    ]) {
      const res = await request(app)
        .get('/oncall')
        .query(query)
        .set(as('wangwu'));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^Invalid query: entityRef/);
    }
  });

  it("answers who the owner group's schedule puts on call, until when, and who is next", async () => {
    const { app } = startApp();

    const res = await request(app)
      .get('/oncall')
      .query({ entityRef: 'Component:default/Payments-API' })
      .set(as('wangwu'));

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entityRef: 'component:default/payments-api',
      now: [
        {
          userEntityRef: 'user:default/lisi',
          wecomUserId: 'LISI',
          until: '2026-12-07T18:00:00.000Z',
          via: 'schedule',
          scheduleId: 'payments-primary',
          scheduleName: 'Payments primary',
        },
      ],
      next: [
        {
          userEntityRef: 'user:default/zhangsan',
          wecomUserId: null,
          until: '2026-12-08T02:00:00.000Z',
          via: 'schedule',
          scheduleId: 'payments-primary',
          scheduleName: 'Payments primary',
          // Still next on call, but a card would not reach them.
          reachable: false,
          unreachableReason: 'notLinked',
        },
      ],
    });
  });
});

describe('GET /oncall, for a caller the catalog hides people or teams from', () => {
  it('keeps only the ref and turn of someone on call the caller cannot see: no WeCom member', async () => {
    const { app } = startApp({ hidden: ['user:default/lisi'] });

    const res = await request(app)
      .get('/oncall')
      .query({ entityRef: 'component:default/payments-api' })
      .set(as('wangwu'));

    expect(res.status).toBe(200);
    // Paging does not depend on who asks: lisi is on call all the same.
    expect(res.body.now).toEqual([
      {
        userEntityRef: 'user:default/lisi',
        wecomUserId: null,
        hidden: true,
        until: '2026-12-07T18:00:00.000Z',
        via: 'schedule',
        scheduleId: 'payments-primary',
        scheduleName: 'Payments primary',
      },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/LISI/);
  });

  it('does not tell whether someone hidden from the caller is linked, turned cards off or left', async () => {
    const { app } = startApp({ hidden: ['user:default/zhangsan'] });

    const res = await request(app)
      .get('/oncall')
      .query({ entityRef: 'component:default/payments-api' })
      .set(as('wangwu'));

    expect(res.status).toBe(200);
    // zhangsan is not linked; the caller may not learn it.
    expect(res.body.next).toEqual([
      {
        userEntityRef: 'user:default/zhangsan',
        wecomUserId: null,
        hidden: true,
        until: '2026-12-08T02:00:00.000Z',
        via: 'schedule',
        scheduleId: 'payments-primary',
        scheduleName: 'Payments primary',
      },
    ]);
  });

  it('does not name an escalation policy whose owner team the caller cannot see', async () => {
    const policies = new FakePolicySource().assign(
      'component:default/payments-api',
      {
        id: 'sre-critical',
        ownerRef: 'group:default/sre',
        levels: [
          {
            delayMinutes: 5,
            targets: [{ kind: 'user', ref: 'user:default/lisi' }],
          },
        ],
      },
    );
    const { app } = startApp({ hidden: ['group:default/sre'], policies });

    const res = await request(app)
      .get('/oncall')
      .query({ entityRef: 'component:default/payments-api' })
      .set(as('wangwu'));

    expect(res.status).toBe(200);
    expect(res.body.now).toEqual([
      expect.objectContaining({
        userEntityRef: 'user:default/lisi',
        via: 'policy',
      }),
    ]);
    expect(res.body).not.toHaveProperty('policyId');
    expect(JSON.stringify(res.body)).not.toMatch(/sre-critical/);
  });

  it('does not name a schedule whose owner team the caller cannot see', async () => {
    const { app } = startApp({ hidden: ['group:default/payments'] });

    const res = await request(app)
      .get('/oncall')
      .query({ entityRef: 'component:default/payments-api' })
      .set(as('wangwu'));

    expect(res.status).toBe(200);
    expect(res.body.now).toEqual([
      {
        userEntityRef: 'user:default/lisi',
        wecomUserId: 'LISI',
        until: '2026-12-07T18:00:00.000Z',
        via: 'schedule',
      },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(
      /Payments primary|payments-primary/,
    );

    const shifts = await request(app)
      .get('/oncall/shifts')
      .query({ userEntityRef: 'user:default/zhangsan' })
      .set(as('wangwu'));
    expect(shifts.body).toEqual({ items: [] });
  });
});

describe('GET /oncall/shifts', () => {
  it("answers the caller's own shifts by default, for 14 days", async () => {
    const { app } = startApp();

    const res = await request(app).get('/oncall/shifts').set(as('zhangsan'));

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          scheduleId: 'payments-primary',
          scheduleName: 'Payments primary',
          ownerRef: 'group:default/payments',
          start: '2026-12-07T18:00:00Z',
          end: '2026-12-08T02:00:00Z',
        },
      ],
    });
  });

  it('answers 404 for a user the catalog hides from the caller', async () => {
    const { app } = startApp({ hidden: ['user:default/lisi'] });

    const res = await request(app)
      .get('/oncall/shifts')
      .query({ userEntityRef: 'user:default/lisi' })
      .set(as('wangwu'));

    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toMatch(/Payments primary/);
  });

  it('refuses days outside 1..90, refs that are no user, and a service that names nobody', async () => {
    const { app } = startApp();

    for (const query of [
      { days: '0' },
      { days: '91' },
      { days: '1.5' },
      { userEntityRef: 'group:default/payments' },
    ]) {
      const res = await request(app)
        .get('/oncall/shifts')
        .query(query)
        .set(as('wangwu'));
      expect(res.status).toBe(400);
    }
    const service = await request(app)
      .get('/oncall/shifts')
      .set({ Authorization: mockCredentials.service.header() });
    expect(service.status).toBe(400);
    expect(service.body.error.message).toBe(
      'userEntityRef is required when no user calls',
    );
  });

  it('refuses without wecom.oncall.read', async () => {
    const { app } = startApp({ denyOnCallRead: true });

    const res = await request(app).get('/oncall/shifts').set(as('zhangsan'));

    expect(res.status).toBe(403);
  });
});

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  demoIntegration,
  startBackendWithEmulator,
} from '../__testUtils__/startBackendWithEmulator';
import { demoOrg } from '../__testUtils__/demoOrg';
import { createRouter } from '../router';
import { WeComServices } from '../services';
import { listRoutes } from '../__testUtils__/listRoutes';

// Every admin and incident action, with a permission service that denies
// everything: each answers 403 and nothing changes — not the database, not
// WeCom. The list is explicit; a route the plugin gains without being
// listed here (guarded or exempt, with the reason) fails the last test.

jest.setTimeout(120_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };

interface GuardedRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The route as the router declares it. */
  route: string;
  /** A request that would do something if it were allowed. */
  url: (ids: Ids) => string;
  body?: (ids: Ids) => object;
}

interface Ids {
  incidentId: string;
  runId: string;
  scheduleId: string;
  overrideId: string;
}

const SCHEDULE = {
  name: 'SRE primary',
  ownerRef: 'group:default/sre',
  timeZone: 'Asia/Shanghai',
  layers: [
    {
      members: ['user:default/jdoe', 'user:default/asmith'],
      handoffTime: '09:00',
      rotationDays: 7,
      startDate: '2026-11-30',
    },
  ],
};
const inHours = (hours: number) =>
  new Date(Date.now() + hours * 3_600_000).toISOString();

const POLICY = {
  name: 'Payments',
  ownerRef: 'group:default/payments',
  levels: [{ targets: [{ kind: 'user', ref: 'jdoe' }], delayMinutes: 5 }],
  repeat: 0,
};

const GUARDED: GuardedRoute[] = [
  // Integrations (wecom.integration.read / manage)
  { method: 'get', route: '/integrations', url: () => '/integrations' },
  // The configured suites (ids and names only) for the setup form.
  { method: 'get', route: '/suites', url: () => '/suites' },
  {
    method: 'get',
    route: '/integrations/:id',
    url: () => '/integrations/demo',
  },
  {
    method: 'post',
    route: '/integrations',
    url: () => '/integrations',
    body: () => ({
      id: 'other',
      name: 'Other',
      mode: 'customApp',
      corpId: 'wwother',
      agentId: 1000009,
      secret: 'other-secret-0123456789',
    }),
  },
  {
    method: 'put',
    route: '/integrations/:id',
    url: () => '/integrations/stored',
    body: () => ({ name: 'Renamed', mode: 'customApp', corpId: 'wwstored' }),
  },
  {
    method: 'delete',
    route: '/integrations/:id',
    url: () => '/integrations/stored',
  },
  {
    method: 'post',
    route: '/integrations/:id/test',
    url: () => '/integrations/demo/test',
  },
  // Linked Users (wecom.linkedUsers.read / manage)
  {
    method: 'get',
    route: '/linked-users',
    url: () => '/linked-users?integration=demo',
  },
  {
    method: 'post',
    route: '/linked-users/links',
    url: () => '/linked-users/links',
    body: () => ({
      integrationId: 'demo',
      entityRef: 'user:default/lisi',
      wecomUserId: 'LiSi',
    }),
  },
  {
    method: 'delete',
    route: '/linked-users/links',
    url: () =>
      '/linked-users/links?integration=demo&entityRef=user:default/jdoe',
  },
  {
    method: 'post',
    route: '/linked-users/one-click-link',
    url: () => '/linked-users/one-click-link',
    body: () => ({ integrationId: 'demo' }),
  },
  {
    method: 'get',
    route: '/linked-users/one-click-link',
    url: () => '/linked-users/one-click-link?integration=demo',
  },
  {
    method: 'get',
    route: '/linked-users/one-click-link/runs/:runId',
    url: ids => `/linked-users/one-click-link/runs/${ids.runId}`,
  },
  // Incidents (wecom.incident.read / create / update)
  { method: 'get', route: '/incidents', url: () => '/incidents' },
  {
    method: 'post',
    route: '/incidents',
    url: () => '/incidents',
    body: () => ({
      title: 'Another one',
      severity: 'critical',
      entityRef: 'component:default/payments-api',
    }),
  },
  {
    method: 'post',
    route: '/incidents/alertmanager',
    url: () => '/incidents/alertmanager',
    body: () => ({
      version: '4',
      status: 'firing',
      groupKey: 'g',
      receiver: 'wecom',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'HighErrorRate', severity: 'critical' },
          annotations: {},
          startsAt: new Date().toISOString(),
          fingerprint: 'f1',
        },
      ],
    }),
  },
  {
    method: 'get',
    route: '/incidents/:id',
    url: ids => `/incidents/${ids.incidentId}`,
  },
  {
    method: 'get',
    route: '/incidents/:id/timeline',
    url: ids => `/incidents/${ids.incidentId}/timeline`,
  },
  {
    method: 'patch',
    route: '/incidents/:id',
    url: ids => `/incidents/${ids.incidentId}`,
    body: () => ({ responders: ['user:default/wangwu'] }),
  },
  {
    method: 'post',
    route: '/incidents/:id/transitions',
    url: ids => `/incidents/${ids.incidentId}/transitions`,
    body: () => ({ action: 'close' }),
  },
  // Card deliveries (wecom.incident.read)
  {
    method: 'get',
    route: '/incidents/:id/deliveries',
    url: ids => `/incidents/${ids.incidentId}/deliveries`,
  },
  // War Rooms (wecom.incident.read / wecom.warRoom.manage)
  {
    method: 'get',
    route: '/incidents/:id/war-room',
    url: ids => `/incidents/${ids.incidentId}/war-room`,
  },
  {
    method: 'post',
    route: '/incidents/:id/war-room',
    url: ids => `/incidents/${ids.incidentId}/war-room`,
    body: () => ({}),
  },
  {
    method: 'post',
    route: '/incidents/:id/war-room/members',
    url: ids => `/incidents/${ids.incidentId}/war-room/members`,
    body: () => ({ members: ['user:default/wangwu'] }),
  },
  {
    method: 'delete',
    route: '/incidents/:id/war-room',
    url: ids => `/incidents/${ids.incidentId}/war-room`,
  },
  { method: 'get', route: '/war-rooms', url: () => '/war-rooms' },
  {
    method: 'get',
    route: '/war-rooms/availability',
    url: () => '/war-rooms/availability',
  },
  // Post-mortems (wecom.incident.read / wecom.postmortem.manage)
  {
    method: 'get',
    route: '/incidents/:id/postmortem',
    url: ids => `/incidents/${ids.incidentId}/postmortem`,
  },
  {
    method: 'post',
    route: '/incidents/:id/postmortem',
    url: ids => `/incidents/${ids.incidentId}/postmortem`,
  },
  {
    method: 'put',
    route: '/incidents/:id/postmortem',
    url: ids => `/incidents/${ids.incidentId}/postmortem`,
    body: () => ({ markdown: '## Summary\nEdited' }),
  },
  {
    method: 'get',
    route: '/incidents/:id/postmortem/markdown',
    url: ids => `/incidents/${ids.incidentId}/postmortem/markdown`,
  },
  {
    method: 'post',
    route: '/incidents/:id/postmortem/post',
    url: ids => `/incidents/${ids.incidentId}/postmortem/post`,
  },
  // On call (wecom.oncall.read): who is on call reveals people and schedules.
  {
    method: 'get',
    route: '/oncall',
    url: () => '/oncall?entityRef=component:default/payments-api',
  },
  {
    method: 'get',
    route: '/oncall/shifts',
    url: () => '/oncall/shifts?userEntityRef=user:default/jdoe&days=7',
  },
  // Card templates (wecom.integration.read / manage)
  {
    method: 'get',
    route: '/templates',
    url: () => '/templates?integration=demo',
  },
  {
    method: 'put',
    route: '/templates',
    url: () => '/templates',
    body: () => ({ integrationId: 'demo', title: 'T', body: 'B' }),
  },
  {
    method: 'delete',
    route: '/templates',
    url: () => '/templates?integration=demo',
  },
  {
    method: 'post',
    route: '/templates/preview',
    url: () => '/templates/preview',
    body: ids => ({ integrationId: 'demo', incidentId: ids.incidentId }),
  },
  // Schedules (wecom.oncall.read / wecom.schedule.manage; an override also
  // by a member putting themselves on call)
  { method: 'get', route: '/schedules', url: () => '/schedules' },
  {
    method: 'post',
    route: '/schedules',
    url: () => '/schedules',
    body: () => SCHEDULE,
  },
  {
    method: 'get',
    route: '/schedules/:id',
    url: ids => `/schedules/${ids.scheduleId}`,
  },
  {
    method: 'put',
    route: '/schedules/:id',
    url: ids => `/schedules/${ids.scheduleId}`,
    body: () => ({ ...SCHEDULE, name: 'Renamed' }),
  },
  {
    method: 'delete',
    route: '/schedules/:id',
    url: ids => `/schedules/${ids.scheduleId}`,
  },
  {
    method: 'get',
    route: '/schedules/:id/timeline',
    url: ids =>
      `/schedules/${ids.scheduleId}/timeline?from=2026-12-01T00:00:00Z&to=2026-12-08T00:00:00Z`,
  },
  {
    method: 'post',
    route: '/schedules/:id/overrides',
    url: ids => `/schedules/${ids.scheduleId}/overrides`,
    body: () => ({
      userEntityRef: 'user:default/jdoe',
      start: inHours(1),
      end: inHours(9),
    }),
  },
  {
    method: 'delete',
    route: '/schedules/:id/overrides/:overrideId',
    url: ids => `/schedules/${ids.scheduleId}/overrides/${ids.overrideId}`,
  },
  // Escalation policies (wecom.oncall.read / wecom.escalationPolicy.manage)
  {
    method: 'get',
    route: '/escalation-policies',
    url: () => '/escalation-policies',
  },
  {
    method: 'post',
    route: '/escalation-policies',
    url: () => '/escalation-policies',
    body: () => ({ ...POLICY, name: 'Other' }),
  },
  {
    method: 'get',
    route: '/escalation-policies/:id',
    url: () => '/escalation-policies/payments',
  },
  {
    method: 'put',
    route: '/escalation-policies/:id',
    url: () => '/escalation-policies/payments',
    body: () => ({ ...POLICY, repeat: 3 }),
  },
  {
    method: 'delete',
    route: '/escalation-policies/:id',
    url: () => '/escalation-policies/payments',
  },
  // Insights (wecom.incident.read)
  {
    method: 'get',
    route: '/analytics',
    url: () => '/analytics?groupBy=team',
  },
];

/** Routes no Backstage permission guards, and why. */
const EXEMPT: Record<string, string> = {
  'GET /integrations/:id/callback': 'WeCom, authenticated by its signature',
  'POST /integrations/:id/callback': 'WeCom, authenticated by its signature',
  'GET /integrations/:id/bot-callback': 'WeCom, authenticated by its signature',
  'POST /integrations/:id/bot-callback':
    'WeCom, authenticated by its signature',
  'GET /suites/:suiteId/callback': 'WeCom, authenticated by its signature',
  'POST /suites/:suiteId/callback': 'WeCom, authenticated by its signature',
  'GET /suites/:suiteId/data-callback': 'WeCom, authenticated by its signature',
  'POST /suites/:suiteId/data-callback':
    'WeCom, authenticated by its signature',
  'GET /integrations/:id/workspace': "a member's browser; WeCom OAuth2 next",
  'GET /integrations/:id/workspace/callback':
    "a member's browser, with WeCom's signed OAuth2 state",
  'POST /linked-users/workspace-link':
    'the signed-in user links only themselves, with a WeCom-proved ticket',
  'POST /linked-users/workspace-link/preview':
    'the signed-in user reads only the ticket their own browser holds',
  'GET /linked-users/resolve':
    'the auth backend only (its wecom sign-in provider)',
  'GET /preferences/me': "the signed-in user's own settings",
  'PUT /preferences/me': "the signed-in user's own settings",
  'GET /openapi.json':
    'the API document (src/schema/openapi.yaml), served by backend-openapi-utils',
};

/** Every row of every table of the plugin, but the bookkeeping ones. */
async function dumpTables(knex: Knex): Promise<Record<string, unknown[]>> {
  const tables: Array<{ name: string }> = await knex('sqlite_master')
    .select('name')
    .where('type', 'table')
    .andWhere('name', 'like', 'wecom_%');
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    if (/knex_migrations|rate_limits/.test(name)) continue;
    dump[name] = await knex(name).select();
  }
  return dump;
}

describe('with every permission denied', () => {
  let decision: AuthorizeResult.ALLOW | AuthorizeResult.DENY =
    AuthorizeResult.ALLOW;
  const permissions = mockServices.permissions.mock({
    authorize: async requests => requests.map(() => ({ result: decision })),
    authorizeConditional: async requests =>
      requests.map(() => ({ result: decision })),
  });
  let knex: Knex;
  let ids: Ids;
  let ctx: Awaited<ReturnType<typeof startBackendWithEmulator>>;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    ctx = await startBackendWithEmulator({
      knex,
      integrations: url => [
        demoIntegration(url, { warRoom: { enabled: true } }),
      ],
      entities: demoOrg(),
      features: [permissions.factory],
    });
    // Something to change, made while permissions still allow it.
    const api = async (
      method: 'get' | 'post' | 'put',
      path: string,
      status: number,
      body?: object,
    ) => {
      const req = request(ctx.server)[method](`/api/wecom${path}`).set(auth);
      const res = await (body ? req.send(body) : req);
      if (res.status !== status) {
        throw new Error(
          `${method} ${path} answered ${res.status}: ${res.text}`,
        );
      }
      return res.body;
    };
    for (const [entityRef, wecomUserId] of [
      ['user:default/jdoe', 'JohnDoe'],
      ['user:default/zhangsan', 'ZhangSan'],
    ]) {
      await api('post', '/linked-users/links', 200, {
        integrationId: 'demo',
        entityRef,
        wecomUserId,
      });
    }
    await api('post', '/integrations', 201, {
      id: 'stored',
      name: 'Stored',
      mode: 'customApp',
      corpId: 'wwstored',
      agentId: 1000005,
      secret: 'stored-secret-0123456789',
      apiBaseUrl: ctx.emulatorUrl,
    });
    const incident = await api('post', '/incidents', 201, {
      title: 'Payments API 5xx above 5%',
      severity: 'critical',
      entityRef: 'component:default/payments-api',
    });
    await api('post', `/incidents/${incident.id}/war-room`, 201, {});
    await api('put', '/templates', 200, {
      integrationId: 'demo',
      title: '{{incident.title}}',
      body: 'Saved',
    });
    await api('post', '/escalation-policies', 201, POLICY);
    const run = await api('post', '/linked-users/one-click-link', 202, {
      integrationId: 'demo',
    });
    const schedule = await api('post', '/schedules', 201, SCHEDULE);
    const override = await api(
      'post',
      `/schedules/${schedule.id}/overrides`,
      201,
      {
        userEntityRef: 'user:default/jdoe',
        start: inHours(1),
        end: inHours(9),
      },
    );
    ids = {
      incidentId: incident.id,
      runId: run.id,
      scheduleId: schedule.id,
      overrideId: override.id,
    };
    // The run and the cards finish before anything is compared.
    for (let settled = false; !settled; ) {
      await new Promise(resolve => setTimeout(resolve, 100));
      const latest = await api(
        'get',
        `/linked-users/one-click-link/runs/${run.id}`,
        200,
      );
      const { items } = await api(
        'get',
        `/incidents/${incident.id}/deliveries`,
        200,
      );
      settled =
        latest.status !== 'running' &&
        items.length > 0 &&
        items.every((d: { status: string }) => d.status !== 'pending');
    }
    decision = AuthorizeResult.DENY;
  });
  afterAll(() => ctx?.stop());

  it.each(GUARDED.map(r => [`${r.method.toUpperCase()} ${r.route}`, r]))(
    '%s answers 403 and changes nothing',
    async (_name, route) => {
      const before = await dumpTables(knex);
      const callsBefore = ctx.emulator.summary().calls.total;
      let req = request(ctx.server)
        [route.method](`/api/wecom${route.url(ids)}`)
        .set(auth);
      if (route.body) req = req.send(route.body(ids));
      const res = await req;
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(res.body.error.message).toMatch(/^Missing permission wecom\./);
      expect(await dumpTables(knex)).toEqual(before);
      expect(ctx.emulator.summary().calls.total).toBe(callsBefore);
    },
  );

  it('lists every route of the plugin, guarded or exempt', async () => {
    // The routers only register their routes; no service is called.
    const router = await createRouter(
      new Proxy({} as any, {
        get: (_target, key) =>
          key === 'settings' ? { maxBodyBytes: 1024 } : undefined,
      }) as WeComServices & Parameters<typeof createRouter>[0],
    );
    const declared = [
      ...new Set(listRoutes(router).map(r => `${r.method} ${r.path}`)),
    ].sort();
    const listed = [
      ...GUARDED.map(r => `${r.method.toUpperCase()} ${r.route}`),
      ...Object.keys(EXEMPT),
    ].sort();
    expect(declared).toEqual(listed);
  });
});

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { mockCredentials } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import {
  DEMO_BOT_ENCODING_AES_KEY,
  DEMO_BOT_TOKEN,
  DEMO_CALLBACK_TOKEN,
  DEMO_CORP_ID,
  DEMO_ENCODING_AES_KEY,
} from 'wecom-emulator';
import { listRoutes } from '../__testUtils__/listRoutes';
import {
  demoIntegration,
  startBackendWithEmulator,
} from '../__testUtils__/startBackendWithEmulator';
import { WeComSigner } from '../__testUtils__/wecomSigner';
import { spec } from './openapi.generated';

// The API reference is src/schema/openapi.yaml. This test keeps it true:
// the generated file matches it, every route the plugin registers is in it
// and nothing else is, and a real backend answers each operation with a
// status the document lists and a body its schema accepts.

jest.setTimeout(180_000);

// The router the plugin builds, kept for walking its stack.
const builtRouters: express.Router[] = [];
jest.mock('../router', () => {
  const actual = jest.requireActual('../router');
  return {
    ...actual,
    createRouter: async (...args: unknown[]) => {
      const router = await actual.createRouter(...args);
      builtRouters.push(router);
      return router;
    },
  };
});

// ajv is what backend-openapi-utils validates with; reached through it.
const Ajv = createRequire(require.resolve('@backstage/backend-openapi-utils'))(
  'ajv',
).default;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

/** `GET /incidents/{id}` for every operation of the document. */
const documentedOperations = () =>
  Object.entries(spec.paths).flatMap(([path, item]) =>
    METHODS.filter(method => method in item).map(
      method => `${method.toUpperCase()} ${path}`,
    ),
  );

/** `/incidents/:id` → `/incidents/{id}` */
const toDocumentPath = (expressPath: string) =>
  expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** A JSON pointer into the document, as ajv reads it in a `$ref`. */
const pointer = (...segments: string[]) =>
  segments
    .map(
      s => `/${encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))}`,
    )
    .join('');

function lookUp(ref: string): any {
  return ref
    .slice('#/'.length)
    .split('/')
    .map(s => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node: any, key) => node?.[key], spec);
}

function createSchemaChecker() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(spec, 'wecom', undefined, false);
  return (ref: string, value: unknown): string[] => {
    const validate = ajv.getSchema(`wecom#${ref}`);
    if (!validate) throw new Error(`No schema at ${ref}`);
    return validate(value)
      ? []
      : (validate.errors ?? []).map(
          (e: any) => `${e.instancePath || '(body)'} ${e.message}`,
        );
  };
}

describe('the OpenAPI document', () => {
  it('is what the generator makes of openapi.yaml', () => {
    expect(() =>
      execFileSync(
        process.execPath,
        [resolve(__dirname, '../../scripts/generate-openapi.mjs'), '--check'],
        { stdio: 'pipe' },
      ),
    ).not.toThrow();
  });
});

// Catalog users the emulator's demo corp has members for.
const users: Entity[] = ['wangwu', 'zhangsan', 'lisi', 'chenjing'].map(
  name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { memberOf: [] },
  }),
);

// The group that owns the tour's schedule.
const sre: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'sre' },
  spec: { type: 'team', children: [] },
};

// The group that owns the tour's escalation policy.
const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments' },
  spec: { type: 'team', children: [] },
};

const USER = {
  Authorization: mockCredentials.user.header('user:default/wangwu'),
};
const AUTH_BACKEND = {
  Authorization: mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:auth'),
    targetPluginId: 'wecom',
  }),
};
const appCallback = new WeComSigner(
  DEMO_CALLBACK_TOKEN,
  DEMO_ENCODING_AES_KEY,
  DEMO_CORP_ID,
);
const botCallback = new WeComSigner(
  DEMO_BOT_TOKEN,
  DEMO_BOT_ENCODING_AES_KEY,
  '',
);

/** One request of the tour, and the status it should get. */
interface Call {
  operation: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: object | string;
  status: number;
}

describe('the running plugin', () => {
  let ctx: Awaited<ReturnType<typeof startBackendWithEmulator>>;
  const exercised = new Set<string>();
  const checkSchema = createSchemaChecker();

  beforeAll(async () => {
    ctx = await startBackendWithEmulator({
      integrations: url => [
        demoIntegration(url, { warRoom: { enabled: true } }),
      ],
      entities: [...users, sre, payments],
    });
  });
  afterAll(() => ctx?.stop());

  it('registers every documented route, and only those', () => {
    expect(builtRouters).toHaveLength(1);
    const registered = listRoutes(builtRouters[0] as any)
      // Served by backend-openapi-utils: the document itself.
      .filter(route => route.path !== '/openapi.json')
      .map(route => `${route.method} ${toDocumentPath(route.path)}`);
    expect([...new Set(registered)].sort()).toEqual(
      documentedOperations().sort(),
    );
  });

  it('serves the whole document at /openapi.json, its paths under the plugin', async () => {
    const res = await request(ctx.server)
      .get('/api/wecom/openapi.json')
      .set(USER);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      Object.keys(spec.paths)
        .map(path => `/api/wecom${path}`)
        .sort(),
    );
    // Request bodies included: only the validator's copy goes without.
    expect(res.body.paths['/api/wecom/incidents'].post.requestBody).toEqual(
      spec.paths['/incidents'].post.requestBody,
    );
  });

  /** What disagreed with the document, all of it, reported at the end. */
  const problems: string[] = [];

  /**
   * Sends one request and checks the answer against the document: a
   * documented status, and a JSON body the documented schema accepts. A
   * request meant to succeed must satisfy the documented request body too.
   */
  async function call(c: Call) {
    const [methodName, path] = c.operation.split(' ');
    const method = methodName.toLowerCase() as Method;
    const operationRef = pointer('paths', path, method);
    const operation = lookUp(`#${operationRef}`);
    if (!operation) throw new Error(`${c.operation} is not in the document`);
    exercised.add(c.operation);
    const problem = (text: string) => problems.push(`${c.operation}: ${text}`);

    if (c.body !== undefined && typeof c.body === 'object' && c.status < 300) {
      const bodyRef = `${operationRef}${pointer(
        'requestBody',
        'content',
        'application/json',
        'schema',
      )}`;
      for (const error of checkSchema(bodyRef, c.body)) {
        problem(`the document refuses the request body: ${error}`);
      }
    }

    let req = (request(ctx.server) as any)[method](`/api/wecom${c.path}`);
    if (c.query) req = req.query(c.query);
    req = req.set(c.headers ?? USER);
    if (c.body !== undefined) req = req.send(c.body);
    const res = await req;

    if (res.status !== c.status) {
      problem(`answered ${res.status}, not ${c.status}: ${res.text}`);
    }
    if (!(String(res.status) in operation.responses)) {
      problem(`answered ${res.status}, which the document does not list`);
      return res;
    }
    let responseRef = `${operationRef}${pointer(
      'responses',
      String(res.status),
    )}`;
    const response = lookUp(`#${responseRef}`);
    if (response.$ref) responseRef = response.$ref.slice(1);
    const content = lookUp(`#${responseRef}`).content ?? {};
    const type = String(res.headers['content-type'] ?? '').split(';')[0];
    if (res.text && !(type in content)) {
      problem(`answered ${res.status} with ${type}, which is not documented`);
    }
    if (type === 'application/json') {
      const schemaRef = `${responseRef}${pointer('content', type, 'schema')}`;
      for (const error of checkSchema(schemaRef, res.body)) {
        problem(`the ${res.status} body breaks the document: ${error}`);
      }
    }
    return res;
  }

  it('answers every operation as the document says', async () => {
    // --- Called by WeCom
    await call({
      operation: 'GET /integrations/{id}/callback',
      path: '/integrations/demo/callback',
      query: appCallback.urlVerification('echo-1'),
      headers: {},
      status: 200,
    });
    const event = appCallback.xmlCallback(
      `<xml><ToUserName><![CDATA[${DEMO_CORP_ID}]]></ToUserName><FromUserName><![CDATA[WangWu]]></FromUserName><CreateTime>${Math.floor(
        Date.now() / 1000,
      )}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey><AgentID>1000002</AgentID></xml>`,
    );
    await call({
      operation: 'POST /integrations/{id}/callback',
      path: '/integrations/demo/callback',
      query: event.query,
      headers: { 'Content-Type': 'text/xml' },
      body: event.body,
      status: 200,
    });
    await call({
      operation: 'GET /integrations/{id}/bot-callback',
      path: '/integrations/demo/bot-callback',
      query: botCallback.urlVerification('echo-2'),
      headers: {},
      status: 200,
    });
    const message = botCallback.jsonCallback({
      msgid: 'openapi-msg-1',
      aibotid: 'bot-1',
      chattype: 'single',
      from: { userid: 'WangWu' },
      msgtype: 'text',
      text: { content: 'what is firing?' },
    });
    await call({
      operation: 'POST /integrations/{id}/bot-callback',
      path: '/integrations/demo/bot-callback',
      query: message.query,
      headers: { 'Content-Type': 'application/json' },
      body: message.body,
      status: 200,
    });
    // No suite is configured: the refusal WeCom would get.
    for (const suffix of ['callback', 'data-callback']) {
      await call({
        operation: `GET /suites/{suiteId}/${suffix}`,
        path: `/suites/no-such-suite/${suffix}`,
        query: appCallback.urlVerification('echo-3'),
        headers: {},
        status: 404,
      });
      const post = appCallback.xmlCallback('<xml/>');
      await call({
        operation: `POST /suites/{suiteId}/${suffix}`,
        path: `/suites/no-such-suite/${suffix}`,
        query: post.query,
        headers: { 'Content-Type': 'text/xml' },
        body: post.body,
        status: 404,
      });
    }

    // --- Integrations
    await call({
      operation: 'GET /integrations',
      path: '/integrations',
      status: 200,
    });
    await call({ operation: 'GET /suites', path: '/suites', status: 200 });
    await call({
      operation: 'GET /integrations/{id}',
      path: '/integrations/demo',
      status: 200,
    });
    await call({
      operation: 'GET /integrations/{id}',
      path: '/integrations/no-such-integration',
      status: 404,
    });
    await call({
      operation: 'POST /integrations',
      path: '/integrations',
      body: {
        id: 'second',
        name: 'Second corp',
        mode: 'customApp',
        corpId: 'ww0000000000000002',
        agentId: 1000003,
        secret: 'second-secret',
        apiBaseUrl: ctx.emulatorUrl,
      },
      status: 201,
    });
    await call({
      operation: 'POST /integrations',
      path: '/integrations',
      body: { name: '', mode: 'sideways' },
      status: 400,
    });
    await call({
      operation: 'PUT /integrations/{id}',
      path: '/integrations/second',
      body: {
        name: 'Second corp, renamed',
        mode: 'customApp',
        corpId: 'ww0000000000000002',
        agentId: 1000003,
        apiBaseUrl: ctx.emulatorUrl,
      },
      status: 200,
    });
    await call({
      operation: 'POST /integrations/{id}/test',
      path: '/integrations/demo/test',
      status: 200,
    });
    await call({
      operation: 'DELETE /integrations/{id}',
      path: '/integrations/second',
      status: 204,
    });
    await call({
      operation: 'DELETE /integrations/{id}',
      path: '/integrations/demo',
      status: 403,
    });

    // --- Linked Users
    for (const [entityRef, wecomUserId] of [
      ['user:default/wangwu', 'WangWu'],
      ['user:default/zhangsan', 'ZhangSan'],
      ['user:default/lisi', 'LiSi'],
      ['user:default/chenjing', 'ChenJing'],
    ]) {
      await call({
        operation: 'POST /linked-users/links',
        path: '/linked-users/links',
        body: { integrationId: 'demo', entityRef, wecomUserId },
        status: 200,
      });
    }
    await call({
      operation: 'GET /linked-users',
      path: '/linked-users',
      query: { integration: 'demo', filter: 'all', limit: '10' },
      status: 200,
    });
    await call({
      operation: 'DELETE /linked-users/links',
      path: '/linked-users/links',
      query: { integration: 'demo', entityRef: 'user:default/zhangsan' },
      status: 204,
    });
    const run = await call({
      operation: 'POST /linked-users/one-click-link',
      path: '/linked-users/one-click-link',
      body: { integrationId: 'demo' },
      status: 202,
    });
    await call({
      operation: 'GET /linked-users/one-click-link',
      path: '/linked-users/one-click-link',
      query: { integration: 'demo' },
      status: 200,
    });
    await call({
      operation: 'GET /linked-users/one-click-link/runs/{runId}',
      path: `/linked-users/one-click-link/runs/${run.body.id}`,
      status: 200,
    });

    // --- Workspace login
    await call({
      operation: 'GET /integrations/{id}/workspace',
      path: '/integrations/demo/workspace',
      headers: {},
      status: 302,
    });
    await call({
      operation: 'GET /integrations/{id}/workspace/callback',
      path: '/integrations/demo/workspace/callback',
      query: { code: 'a-code', state: 'a-state' },
      headers: {},
      // This browser has no login cookie: the sign-in was not started here.
      status: 400,
    });
    await call({
      operation: 'POST /linked-users/workspace-link/preview',
      path: '/linked-users/workspace-link/preview',
      // Without the ticket cookie of the browser that signed in.
      body: { ticket: 'no-such-ticket' },
      status: 400,
    });
    await call({
      operation: 'POST /linked-users/workspace-link',
      path: '/linked-users/workspace-link',
      // Without the ticket cookie of the browser that signed in.
      body: { ticket: 'no-such-ticket' },
      status: 400,
    });
    await call({
      operation: 'GET /linked-users/resolve',
      path: '/linked-users/resolve',
      query: { integration: 'demo', wecomUserId: 'WangWu' },
      headers: AUTH_BACKEND,
      status: 200,
    });

    // --- Incidents
    const incident = await call({
      operation: 'POST /incidents',
      path: '/incidents',
      body: {
        title: 'Payments API 5xx above 5%',
        severity: 'critical',
        description: 'Checkout fails for a third of users',
        entityRef: 'component:default/payments-api',
        responders: ['user:default/wangwu'],
        fields: { region: 'eu-west-1' },
      },
      status: 201,
    });
    const id = incident.body.id;
    await call({
      operation: 'GET /incidents',
      path: '/incidents',
      query: { status: 'triggered,processing', limit: '10', offset: '0' },
      status: 200,
    });
    await call({
      operation: 'GET /incidents',
      path: '/incidents',
      query: { responder: 'me', status: 'triggered,processing' },
      status: 200,
    });
    await call({
      operation: 'GET /incidents',
      path: '/incidents',
      query: { limit: 'many' },
      status: 400,
    });
    // Empty and repeated parameters, as zod always took them.
    await call({
      operation: 'GET /incidents',
      path: '/incidents?status=&offset=',
      status: 200,
    });
    await call({
      operation: 'GET /incidents',
      path: '/incidents?status=triggered&status=closed&severity=critical',
      status: 200,
    });
    await call({
      operation: 'GET /incidents/{id}',
      path: `/incidents/${id}`,
      status: 200,
    });
    await call({
      operation: 'GET /incidents/{id}',
      path: '/incidents/no-such-incident',
      status: 404,
    });
    await call({
      operation: 'PATCH /incidents/{id}',
      path: `/incidents/${id}`,
      body: { responders: ['wangwu', 'user:default/lisi'] },
      status: 200,
    });
    await call({
      operation: 'POST /incidents/{id}/transitions',
      path: `/incidents/${id}/transitions`,
      body: { action: 'startProcessing' },
      status: 200,
    });
    await call({
      operation: 'POST /incidents/{id}/transitions',
      path: `/incidents/${id}/transitions`,
      body: { action: 'reopen' },
      status: 409,
    });
    await call({
      operation: 'POST /incidents/alertmanager',
      path: '/incidents/alertmanager',
      headers: {
        Authorization: mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('external:alertmanager'),
          targetPluginId: 'wecom',
        }),
      },
      body: {
        version: '4',
        groupKey: '{}:{alertname="HighLatency"}',
        status: 'firing',
        receiver: 'wecom',
        groupLabels: { alertname: 'HighLatency' },
        commonLabels: { alertname: 'HighLatency', severity: 'critical' },
        commonAnnotations: { summary: 'p99 above 2s' },
        externalURL: 'http://alertmanager:9093',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'HighLatency', severity: 'critical' },
            annotations: { summary: 'p99 above 2s' },
            startsAt: new Date().toISOString(),
            fingerprint: 'abc123',
          },
        ],
      },
      status: 200,
    });
    await call({
      operation: 'GET /incidents/{id}/deliveries',
      path: `/incidents/${id}/deliveries`,
      status: 200,
    });

    // --- War Rooms
    await call({
      operation: 'GET /incidents/{id}/war-room',
      path: `/incidents/${id}/war-room`,
      status: 404,
    });
    await call({
      operation: 'POST /incidents/{id}/war-room',
      path: `/incidents/${id}/war-room`,
      body: {},
      status: 201,
    });
    await call({
      operation: 'GET /incidents/{id}/war-room',
      path: `/incidents/${id}/war-room`,
      status: 200,
    });
    await call({
      operation: 'POST /incidents/{id}/war-room/members',
      path: `/incidents/${id}/war-room/members`,
      body: { members: ['chenjing'] },
      status: 200,
    });
    await call({
      operation: 'GET /war-rooms',
      path: '/war-rooms',
      query: { status: 'active', limit: '5' },
      status: 200,
    });
    await call({
      operation: 'GET /war-rooms/availability',
      path: '/war-rooms/availability',
      status: 200,
    });

    // --- Post-mortems (of a closed incident)
    await call({
      operation: 'POST /incidents/{id}/postmortem',
      path: `/incidents/${id}/postmortem`,
      status: 409,
    });
    await call({
      operation: 'POST /incidents/{id}/transitions',
      path: `/incidents/${id}/transitions`,
      body: { action: 'close' },
      status: 200,
    });
    await call({
      operation: 'GET /incidents/{id}/timeline',
      path: `/incidents/${id}/timeline`,
      status: 200,
    });
    await call({
      operation: 'GET /incidents/{id}/postmortem',
      path: `/incidents/${id}/postmortem`,
      status: 404,
    });
    await call({
      operation: 'POST /incidents/{id}/postmortem',
      path: `/incidents/${id}/postmortem`,
      status: 200,
    });
    await call({
      operation: 'PUT /incidents/{id}/postmortem',
      path: `/incidents/${id}/postmortem`,
      body: { markdown: '# Payments API 5xx\n\nEdited.' },
      status: 200,
    });
    await call({
      operation: 'GET /incidents/{id}/postmortem',
      path: `/incidents/${id}/postmortem`,
      status: 200,
    });
    await call({
      operation: 'GET /incidents/{id}/postmortem/markdown',
      path: `/incidents/${id}/postmortem/markdown`,
      status: 200,
    });
    await call({
      operation: 'POST /incidents/{id}/postmortem/post',
      path: `/incidents/${id}/postmortem/post`,
      status: 200,
    });
    await call({
      operation: 'DELETE /incidents/{id}/war-room',
      path: `/incidents/${id}/war-room`,
      status: 200,
    });

    // --- On call (no schedules here: a user entity has nobody on call)
    await call({
      operation: 'GET /oncall',
      path: '/oncall',
      query: { entityRef: 'user:default/wangwu' },
      status: 200,
    });
    await call({
      operation: 'GET /oncall',
      path: '/oncall',
      query: { entityRef: 'payments-api' },
      status: 400,
    });
    await call({
      operation: 'GET /oncall',
      path: '/oncall',
      query: { entityRef: 'component:default/nowhere' },
      status: 404,
    });
    await call({
      operation: 'GET /oncall/shifts',
      path: '/oncall/shifts',
      query: { days: '7' },
      status: 200,
    });
    await call({
      operation: 'GET /oncall/shifts',
      path: '/oncall/shifts',
      query: { days: '91' },
      status: 400,
    });

    // --- Notification preferences
    await call({
      operation: 'GET /preferences/me',
      path: '/preferences/me',
      status: 200,
    });
    await call({
      operation: 'PUT /preferences/me',
      path: '/preferences/me',
      body: { personalChannelEnabled: false },
      status: 200,
    });
    await call({
      operation: 'GET /preferences/me',
      path: '/preferences/me',
      headers: { Authorization: mockCredentials.none.header() },
      status: 401,
    });

    // --- Card templates
    await call({
      operation: 'PUT /templates',
      path: '/templates',
      body: {
        integrationId: 'demo',
        title: '{{upper severity}}: {{title}}',
        body: '{{description}}',
      },
      status: 200,
    });
    await call({
      operation: 'GET /templates',
      path: '/templates',
      query: { integration: 'demo' },
      status: 200,
    });
    await call({
      operation: 'POST /templates/preview',
      path: '/templates/preview',
      body: { integrationId: 'demo', incidentId: id },
      status: 200,
    });
    await call({
      operation: 'DELETE /templates',
      path: '/templates',
      query: { integration: 'demo' },
      status: 204,
    });

    // --- Schedules
    const schedule = {
      name: 'SRE primary',
      ownerRef: 'group:default/sre',
      timeZone: 'Asia/Shanghai',
      layers: [
        {
          members: ['user:default/zhangsan', 'user:default/lisi'],
          handoffTime: '09:00',
          rotationDays: 7,
          startDate: '2026-11-30',
        },
      ],
    };
    await call({
      operation: 'POST /schedules',
      path: '/schedules',
      body: { ...schedule, timeZone: 'Asia/Beijing' },
      status: 400,
    });
    const scheduleId = (
      await call({
        operation: 'POST /schedules',
        path: '/schedules',
        body: schedule,
        status: 201,
      })
    ).body.id;
    await call({
      operation: 'GET /schedules',
      path: '/schedules',
      query: { ownerRef: 'group:default/sre' },
      status: 200,
    });
    await call({
      operation: 'PUT /schedules/{id}',
      path: `/schedules/${scheduleId}`,
      body: { ...schedule, name: 'SRE secondary' },
      status: 200,
    });
    const start = new Date(Date.now() + 3_600_000);
    const overrideId = (
      await call({
        operation: 'POST /schedules/{id}/overrides',
        path: `/schedules/${scheduleId}/overrides`,
        body: {
          userEntityRef: 'user:default/chenjing',
          start: start.toISOString(),
          end: new Date(start.getTime() + 8 * 3_600_000).toISOString(),
        },
        status: 201,
      })
    ).body.id;
    await call({
      operation: 'GET /schedules/{id}',
      path: `/schedules/${scheduleId}`,
      status: 200,
    });
    await call({
      operation: 'GET /schedules/{id}/timeline',
      path: `/schedules/${scheduleId}/timeline`,
      query: { from: start.toISOString(), to: '2027-01-31T00:00:00+08:00' },
      status: 200,
    });
    await call({
      operation: 'DELETE /schedules/{id}/overrides/{overrideId}',
      path: `/schedules/${scheduleId}/overrides/${overrideId}`,
      status: 204,
    });
    await call({
      operation: 'DELETE /schedules/{id}',
      path: `/schedules/${scheduleId}`,
      status: 204,
    });
    await call({
      operation: 'GET /schedules/{id}',
      path: `/schedules/${scheduleId}`,
      status: 404,
    });

    // --- Escalation policies
    const policy = {
      name: 'Payments',
      ownerRef: 'group:default/payments',
      levels: [
        { targets: [{ kind: 'user', ref: 'wangwu' }], delayMinutes: 5 },
        {
          targets: [{ kind: 'group', ref: 'group:default/payments' }],
          delayMinutes: 10,
        },
      ],
      repeat: 1,
    };
    await call({
      operation: 'POST /escalation-policies',
      path: '/escalation-policies',
      body: policy,
      status: 201,
    });
    await call({
      operation: 'POST /escalation-policies',
      path: '/escalation-policies',
      body: { ...policy, name: 'Other', levels: [] },
      status: 400,
    });
    await call({
      operation: 'GET /escalation-policies',
      path: '/escalation-policies',
      status: 200,
    });
    await call({
      operation: 'PUT /escalation-policies/{id}',
      path: '/escalation-policies/payments',
      body: { ...policy, repeat: 0 },
      status: 200,
    });
    await call({
      operation: 'GET /escalation-policies/{id}',
      path: '/escalation-policies/payments',
      status: 200,
    });
    await call({
      operation: 'DELETE /escalation-policies/{id}',
      path: '/escalation-policies/payments',
      status: 204,
    });
    await call({
      operation: 'GET /escalation-policies/{id}',
      path: '/escalation-policies/payments',
      status: 404,
    });

    // --- Insights
    await call({
      operation: 'GET /analytics',
      path: '/analytics',
      query: { groupBy: 'service', tz: 'Asia/Shanghai' },
      status: 200,
    });
    await call({
      operation: 'GET /analytics',
      path: '/analytics',
      query: { groupBy: 'team', from: '2026-01-01', to: '2027-06-01' },
      status: 400,
    });

    expect(problems).toEqual([]);
    expect([...exercised].sort()).toEqual(documentedOperations().sort());
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  FakeOpenAiServer,
  startFakeOpenAiServer,
} from '../aiSre/__testUtils__/fakeOpenAiServer';
import {
  INJECTED_DESCRIPTION,
  OTHER_INCIDENT_DATA,
  analyzerOn,
  obeyingInjection,
  readsOfEverything,
  seedPayrollIncident,
  toolResultsSent,
} from '../aiSre/__testUtils__/injectedModel';
import { DefaultIncidentContextBuilder } from '../aiSre/DefaultIncidentContextBuilder';
import { applyMigrations } from '../database/migrations';
import { DatabaseIncidentProvider } from '../incidents/DatabaseIncidentProvider';
import { IncidentService } from '../incidents/IncidentService';
import { WeComIntegration } from '../integrations/types';
import { DatabaseWarRoomStore } from './DatabaseWarRoomStore';
import { WarRoomMemberSync } from './WarRoomMemberSync';
import { DefaultWarRoomService } from './WarRoomService';

jest.setTimeout(60_000);

// The service with a fake WeCom client and analyzer, for what the emulator
// cannot show: a third-party integration, a failing analysis, a model
// steered by the alert's text.

const databases = createTestDatabases();

const incident: WeComIncident = {
  id: 'inc-1',
  title: 'Payments down',
  severity: 'high',
  status: 'triggered',
  responders: ['user:default/zhangsan'],
  source: 'api',
  createdAt: '2026-11-27T09:00:00.000Z',
  updatedAt: '2026-11-27T09:00:00.000Z',
};

const customApp: WeComIntegration = {
  id: 'acme',
  name: 'ACME',
  mode: 'customApp',
  corpId: 'ww1',
  agentId: 1000002,
  secret: 's',
  apiBaseUrl: 'http://wecom.invalid',
  warRoom: { enabled: true },
  source: 'config',
};

/**
 * The service over a real War Room store, with doubles for WeCom, the
 * incidents, the analyzer and its context unless `real` brings them.
 */
async function setUp(
  integration: WeComIntegration,
  real: Partial<
    Pick<
      ConstructorParameters<typeof DefaultWarRoomService>[0],
      'incidents' | 'analyzer' | 'contexts'
    >
  > & { knex?: Knex } = {},
) {
  const knex = real.knex ?? (await databases.init('SQLITE_3'));
  await applyMigrations(knex);
  const client = {
    createAppChat: jest.fn(async () => ({ chatid: 'x' })),
    getAppChat: jest.fn(),
    updateAppChat: jest.fn(async () => {}),
    sendAppChatMessage: jest.fn(async (_body: any) => {}),
  };
  const analyze = jest.fn(async () => ({ markdown: '**Analysis**' }));
  const contexts = {
    confinedTo: () => ({
      dataSource: {} as any,
      forIncident: async (forIncident: WeComIncident) => ({
        incident: forIncident,
        timeline: [],
        similarIncidents: [],
        entity: {
          entityRef: 'component:default/payments',
          owners: [],
          links: [{ title: 'Runbook', url: 'https://wiki.example/runbook' }],
          dependents: [],
        },
      }),
    }),
  };
  const addTimelineEntry = jest.fn(async () => ({} as any));
  const service = new DefaultWarRoomService({
    store: new DatabaseWarRoomStore(knex),
    incidents: real.incidents ?? {
      get: async () => incident,
      addTimelineEntry,
    },
    integrations: {
      list: async () => [integration],
      get: async () => integration,
    },
    clients: { forIntegration: () => client as any },
    members: {
      resolve: async () => ({
        linked: [
          {
            entityRef: 'user:default/jdoe',
            wecomUserId: 'JohnDoe',
            role: 'requester' as const,
          },
          {
            entityRef: 'user:default/zhangsan',
            wecomUserId: 'ZhangSan',
            role: 'responder' as const,
          },
        ],
        unlinked: [],
        notes: [],
      }),
    },
    namer: { name: () => 'Payments down' },
    analyzer: real.analyzer ?? {
      name: 'test',
      analyzeIncident: analyze,
      answerQuestion: jest.fn(),
      writePostmortem: jest.fn(),
    },
    contexts: real.contexts ?? contexts,
    appBaseUrl: 'http://backstage.test',
    logger: mockServices.logger.mock(),
  });
  return { service, client, analyze, addTimelineEntry, knex };
}

describe('DefaultWarRoomService', () => {
  it('refuses a third-party integration: only custom apps create group chats', async () => {
    const { service, client } = await setUp({
      ...customApp,
      mode: 'thirdPartyApp',
    });
    await expect(
      service.create('inc-1', {}, 'user:default/jdoe'),
    ).rejects.toThrow(
      /War Rooms need a custom app, but integration "ACME" \(acme\) is a third-party app/,
    );
    expect(client.createAppChat).not.toHaveBeenCalled();
  });

  it('says why War Rooms cannot be made when the War Room integration is a third-party app, without naming it (anyone who reads incidents asks), and that they can with a custom app', async () => {
    const thirdParty = await setUp({ ...customApp, mode: 'thirdPartyApp' });
    expect(await thirdParty.service.availability()).toEqual({
      available: false,
      reason:
        'War Rooms need a custom app, but the integration with War Room enabled is a third-party app: WeCom lets only self-built apps whose visible range is the root department create group chats. Enable War Room on a custom-app integration instead.',
    });
    const custom = await setUp(customApp);
    expect(await custom.service.availability()).toEqual({ available: true });
  });

  it('stops at a failing analysis with a 502 naming the step, and a retry posts only the analysis', async () => {
    const { service, client, analyze } = await setUp(customApp);
    analyze.mockRejectedValueOnce(new Error('catalog unreachable'));

    const failed = service.create('inc-1', {}, 'user:default/jdoe');
    await expect(failed).rejects.toMatchObject({
      name: 'WarRoomUpstreamError',
      statusCode: 502,
      message: expect.stringContaining(
        'War Room creation stopped at step postAnalysis: catalog unreachable',
      ),
    });
    expect((await service.get('inc-1')).pendingSteps).toEqual(['postAnalysis']);
    expect(client.sendAppChatMessage).toHaveBeenCalledTimes(1);

    const { warRoom, created } = await service.create('inc-1', {});
    expect(created).toBe(true);
    expect(warRoom.status).toBe('active');
    expect(client.createAppChat).toHaveBeenCalledTimes(1);
    expect(client.sendAppChatMessage).toHaveBeenCalledTimes(2);
    expect(client.sendAppChatMessage).toHaveBeenLastCalledWith({
      chatid: warRoom.chatId,
      msgtype: 'markdown',
      markdown: { content: '**Analysis**' },
    });
  });

  it("posts a model's analysis with its formatting, but no link elsewhere, mention or tag that the incident's text smuggled in", async () => {
    const { service, client, analyze } = await setUp(customApp);
    analyze.mockResolvedValueOnce({
      markdown: [
        '**Summary** the alert says: [点此处理](https://evil.example/login) <@all>',
        '[Incident](http://backstage.test/wecom/incidents/inc-1) · [Runbook](https://wiki.example/runbook)',
        '![x](https://evil.example/pixel.png) <font color="warning">P1</font>',
      ].join('\n'),
    });
    const { warRoom } = await service.create('inc-1', {}, 'user:default/jdoe');
    expect(client.sendAppChatMessage).toHaveBeenLastCalledWith({
      chatid: warRoom.chatId,
      msgtype: 'markdown',
      markdown: {
        content: [
          '**Summary** the alert says: 点此处理 (https://evil.example/login) ＜@all>',
          '[Incident](http://backstage.test/wecom/incidents/inc-1) · [Runbook](https://wiki.example/runbook)',
          'x (https://evil.example/pixel.png) <font color="warning">P1</font>',
        ].join('\n'),
      },
    });
  });

  it('dismisses even when the closing post fails, and says so on the timeline', async () => {
    const { service, client, addTimelineEntry } = await setUp(customApp);
    await service.create('inc-1', {}, 'user:default/jdoe');
    client.sendAppChatMessage.mockRejectedValueOnce(new Error('network down'));

    const dismissed = await service.dismiss('inc-1', 'user:default/jdoe');
    expect(dismissed.status).toBe('dismissed');
    expect(addTimelineEntry).toHaveBeenLastCalledWith(
      'inc-1',
      expect.objectContaining({
        kind: 'war-room',
        actor: 'user:default/jdoe',
        message: expect.stringContaining(
          'The closing post failed: network down',
        ),
      }),
    );
  });
});

// The first analysis is posted to a chat whose members need not hold
// wecom.incident.read: whatever an alert's text makes the model ask for,
// only its own incident and entity may be read into the post.
describe.each(databases.eachSupportedId())(
  "The War Room's first analysis by a model on %p",
  id => {
    let server: FakeOpenAiServer | undefined;
    afterEach(() => server?.close());

    it("reads its own incident and entity only, whatever the alert's text asks the model to read", async () => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const logger = mockServices.logger.mock();
      const provider = new DatabaseIncidentProvider({ knex, logger });
      const payroll = await seedPayrollIncident(provider);
      const payments = await provider.createIncident({
        title: 'Payments API 5xx above 5%',
        severity: 'critical',
        description: INJECTED_DESCRIPTION,
        entityRef: 'component:default/payments-api',
      });
      await provider.addTimelineEntry(payments.id, {
        kind: 'alert',
        message: 'Alert PaymentsHighErrorRate fired in sh-1',
      });
      server = await startFakeOpenAiServer(
        obeyingInjection(readsOfEverything(payroll, payments)),
      );
      const { service, client } = await setUp(customApp, {
        knex,
        incidents: new IncidentService(provider),
        analyzer: analyzerOn(server),
        contexts: new DefaultIncidentContextBuilder({
          incidents: provider,
          catalog: catalogServiceMock({
            entities: [
              component('payments-api', 'Takes card payments'),
              component('payroll', 'HR-ONLY payroll service'),
            ],
          }),
          auth: mockServices.auth(),
          appBaseUrl: 'http://backstage.test',
          logger,
        }),
      });

      await service.create(payments.id, {}, 'user:default/jdoe');

      const posts = client.sendAppChatMessage.mock.calls.map(
        ([body]) => body.markdown.content as string,
      );
      const readByModel = toolResultsSent(server.requests);
      for (const seen of [posts.join('\n'), readByModel]) {
        expect(seen).not.toMatch(OTHER_INCIDENT_DATA);
      }
      // Its own incident's reads still answer.
      expect(readByModel).toContain('Alert PaymentsHighErrorRate fired');
      expect(readByModel).toContain('Takes card payments');
      expect(readByModel).toContain(
        `may read only incident ${payments.id} and its entity`,
      );
      expect(posts.at(-1)).toContain('Alert PaymentsHighErrorRate fired');
      await knex.destroy();
    });
  },
);

function component(name: string, description: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', description },
    spec: { type: 'service', lifecycle: 'production' },
  };
}

describe('WarRoomMemberSync', () => {
  const change = (overrides: object) => ({
    type: 'updated' as const,
    incident,
    previousResponders: ['user:default/lisi'],
    actor: 'user:default/jdoe',
    ...overrides,
  });

  it('syncs only when the responders changed', async () => {
    const syncResponders = jest.fn(async () => {});
    const sync = new WarRoomMemberSync({
      incidents: { subscribe: () => () => {} },
      warRooms: { syncResponders },
      logger: mockServices.logger.mock(),
    });
    await sync.handle(
      change({ type: 'created', previousResponders: undefined }),
    );
    await sync.handle(change({ type: 'transitioned' }));
    await sync.handle(change({ previousResponders: undefined }));
    expect(syncResponders).not.toHaveBeenCalled();

    await sync.handle(change({}));
    expect(syncResponders).toHaveBeenCalledWith('inc-1', 'user:default/jdoe');
  });

  it('waits for a War Room another request holds, and logs what still fails', async () => {
    const syncResponders = jest
      .fn()
      .mockRejectedValueOnce(new ConflictError('busy'))
      .mockResolvedValueOnce(undefined);
    const logger = mockServices.logger.mock();
    const sleep = jest.fn(async () => {});
    const sync = new WarRoomMemberSync({
      incidents: { subscribe: () => () => {} },
      warRooms: { syncResponders },
      logger,
      sleep,
    });
    await sync.handle(change({}));
    expect(syncResponders).toHaveBeenCalledTimes(2);
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(logger.warn).not.toHaveBeenCalled();

    syncResponders.mockRejectedValue(new Error('WeCom down'));
    await sync.handle(change({}));
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('WeCom down'),
    );
  });
});

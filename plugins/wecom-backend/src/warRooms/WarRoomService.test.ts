import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from '../database/migrations';
import { WeComIntegration } from '../integrations/types';
import { DatabaseWarRoomStore } from './DatabaseWarRoomStore';
import { WarRoomMemberSync } from './WarRoomMemberSync';
import { DefaultWarRoomService } from './WarRoomService';

jest.setTimeout(60_000);

// The service with a fake WeCom client and analyzer, for what the emulator
// cannot show: a third-party integration, and a failing analysis.

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

async function setUp(integration: WeComIntegration) {
  const knex = await databases.init('SQLITE_3');
  await applyMigrations(knex);
  const client = {
    createAppChat: jest.fn(async () => ({ chatid: 'x' })),
    getAppChat: jest.fn(),
    updateAppChat: jest.fn(async () => {}),
    sendAppChatMessage: jest.fn(async () => {}),
  };
  const analyze = jest.fn(async () => ({ markdown: '**Analysis**' }));
  const contexts = {
    dataSource: {} as any,
    forIncident: async (forIncident: WeComIncident) => ({
      incident: forIncident,
      timeline: [],
      similarIncidents: [],
    }),
  };
  const addTimelineEntry = jest.fn(async () => ({} as any));
  const service = new DefaultWarRoomService({
    store: new DatabaseWarRoomStore(knex),
    incidents: {
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
    analyzer: {
      name: 'test',
      analyzeIncident: analyze,
      answerQuestion: jest.fn(),
      writePostmortem: jest.fn(),
    },
    contexts,
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

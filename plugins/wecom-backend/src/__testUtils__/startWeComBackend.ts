import {
  BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  WeComAppEvent,
  WeComBotMessage,
  WeComBotReply,
  wecomCallbacksExtensionPoint,
} from 'backstage-plugin-wecom-node';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { wecomPlugin } from '../plugin';

/** Demo keys for tests: valid shapes, never used anywhere real. */
export const TEST_KEYS = {
  corpId: 'wwtest0000000001',
  callbackToken: 'CallbackToken123',
  callbackKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  botToken: 'BotToken456',
  botKey: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut',
  secret: 'test-app-secret-0123456789',
  secretsKey: 'a-test-sealing-key-of-at-least-32-characters',
};

/**
 * Starts a test backend with the WeCom plugin, one integration `acme` from
 * config, and a module that records what the handlers receive.
 */
export async function startWeComBackend(options: {
  knex?: Knex;
  apiBaseUrl?: string;
  botReply?: (message: WeComBotMessage) => WeComBotReply | undefined;
  extraConfig?: JsonObject;
  /** Top-level config beside `wecom` (e.g. `auth`, `permission`). */
  rootConfig?: JsonObject;
  integrations?: JsonObject[];
  /** The catalog's entities (an in-memory catalog; empty by default). */
  entities?: Entity[];
  /** More features or service mocks, e.g. a permissions mock that denies. */
  features?: BackendFeature[];
}) {
  const appEvents: WeComAppEvent[] = [];
  const botMessages: WeComBotMessage[] = [];
  const recorder = createBackendModule({
    pluginId: 'wecom',
    moduleId: 'test-recorder',
    register(env) {
      env.registerInit({
        deps: { callbacks: wecomCallbacksExtensionPoint },
        async init({ callbacks }) {
          callbacks.addAppEventHandler({
            name: 'recorder',
            types: '*',
            handle: async event => {
              appEvents.push(event);
            },
          });
          callbacks.addBotMessageHandler({
            name: 'recorder',
            handle: async message => {
              botMessages.push(message);
              return options.botReply?.(message);
            },
          });
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      wecomPlugin,
      recorder,
      mockServices.rootConfig.factory({
        data: {
          ...options.rootConfig,
          backend: {
            baseUrl: 'http://localhost:7007',
            ...(options.rootConfig?.backend as JsonObject | undefined),
          },
          app: { baseUrl: 'http://localhost:3000' },
          wecom: {
            secretsKey: TEST_KEYS.secretsKey,
            integrations: options.integrations ?? [
              {
                id: 'acme',
                name: 'ACME corp',
                corpId: TEST_KEYS.corpId,
                agentId: 1000002,
                secret: TEST_KEYS.secret,
                apiBaseUrl: options.apiBaseUrl,
                callback: {
                  token: TEST_KEYS.callbackToken,
                  encodingAESKey: TEST_KEYS.callbackKey,
                },
                bot: {
                  token: TEST_KEYS.botToken,
                  encodingAESKey: TEST_KEYS.botKey,
                },
                warRoom: { enabled: true },
              },
            ],
            ...options.extraConfig,
          },
        },
      }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      catalogServiceMock.factory({ entities: options.entities ?? [] }),
      ...(options.features ?? []),
    ],
  });
  return { backend, server: backend.server, appEvents, botMessages };
}

/** Waits until `check` passes, for work the queue does after the answer. */
export async function eventually(
  check: () => void | Promise<void>,
  attempts = 100,
) {
  for (let i = 0; ; i++) {
    try {
      await check();
      return;
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }
}

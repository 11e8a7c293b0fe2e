import { mockServices } from '@backstage/backend-test-utils';
import { InMemoryIncidentProvider } from 'backstage-plugin-wecom-node/testUtils';
import express from 'express';
import { Knex } from 'knex';
import { Server } from 'node:http';
import {
  DEMO_AGENT_ID,
  DEMO_APP_SECRET,
  DEMO_CALLBACK_TOKEN,
  DEMO_CORP_ID,
  DEMO_ENCODING_AES_KEY,
  EmulatorRateLimits,
  RunningEmulator,
  demoEmulatorOptions,
  startEmulator,
} from 'wecom-emulator';
import { freePort } from '../../../__testUtils__/freePort';
import { CallbackDispatcher } from '../../../callbacks/CallbackDispatcher';
import { CallbackJobQueue } from '../../../callbacks/CallbackJobQueue';
import { CallbackService } from '../../../callbacks/CallbackService';
import { RefusalLog } from '../../../callbacks/RefusalLog';
import { createCallbackRouter } from '../../../callbacks/router';
import { WeComClient, WeComRateLimiter } from '../../../connector';
import {
  createMemoryCache,
  createRecordingLogger,
} from '../../../connector/__testUtils__/fakeWeCom';
import { applyMigrations } from '../../../database/migrations';
import { readConfigIntegrations } from '../../../integrations/config';
import { DatabaseIntegrationStore } from '../../../integrations/DatabaseIntegrationStore';
import { IntegrationIndex } from '../../../integrations/IntegrationIndex';
import { IntegrationService } from '../../../integrations/IntegrationService';
import { IntegrationStateStore } from '../../../integrations/IntegrationStateStore';
import { fakeLinkedUserAccess } from '../../../access/__testUtils__/fakeLinkedUserAccess';
import { DatabaseLinkStore } from '../../../linking/DatabaseLinkStore';
import { createCardDelivery } from '../createCardDelivery';
import { createFakeCardRenderer } from './fakeCardRenderer';
import { DEFAULT_STORM_POLICY, StormPolicy } from '../storm/stormPolicy';
import { incidentListUrl } from '../../cards/incidentDetailUrl';

/**
 * The delivery area against a running emulator, with the real callback
 * path in front of it: the emulator's card clicks arrive encrypted at
 * `/api/wecom/integrations/demo/callback`, are verified and queued by the
 * callback service, and reach the click handler from the queue. Our clock
 * is the emulator's, so advancing it ages claims and response codes on
 * both sides.
 */
export async function startDeliveryHarness(
  knex: Knex,
  options: {
    rateLimiter?: WeComRateLimiter;
    emulatorRateLimits?: EmulatorRateLimits;
    storm?: StormPolicy;
  } = {},
) {
  await applyMigrations(knex);
  const { logger, lines } = createRecordingLogger();
  const emulatorPort = await freePort();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;

  // The callback router is mounted once the emulator (whose clock the
  // callback service checks timestamps against) runs.
  const app = express();
  const server: Server = await new Promise(resolve => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const backstageUrl = `http://127.0.0.1:${
    (server.address() as { port: number }).port
  }`;
  const emulator: RunningEmulator = await startEmulator({
    ...demoEmulatorOptions({ backstageUrl }),
    rateLimits: options.emulatorRateLimits,
    port: emulatorPort,
  });
  const now = () => emulator.now().toUTC();

  const config = mockServices.rootConfig({
    data: {
      wecom: {
        integrations: [
          {
            id: 'demo',
            name: 'Demo Corp',
            corpId: DEMO_CORP_ID,
            agentId: DEMO_AGENT_ID,
            secret: DEMO_APP_SECRET,
            apiBaseUrl: emulatorUrl,
            callback: {
              token: DEMO_CALLBACK_TOKEN,
              encodingAESKey: DEMO_ENCODING_AES_KEY,
            },
          },
        ],
      },
    },
  });
  const integrations = new IntegrationService(
    readConfigIntegrations(config),
    new DatabaseIntegrationStore(knex, () => {
      throw new Error('no sealing in tests');
    }),
    false,
  );
  const queue = new CallbackJobQueue(knex);
  const dispatcher = new CallbackDispatcher(queue, logger);
  const callbacks = new CallbackService({
    integrations,
    index: new IntegrationIndex(integrations),
    state: new IntegrationStateStore(knex),
    dispatcher,
    logger,
    maxClockSkewSeconds: 300,
    now,
  });
  app.use(
    '/api/wecom',
    createCallbackRouter({
      callbacks,
      refusals: new RefusalLog(logger),
      maxBodyBytes: 64 * 1024,
    }),
  );

  const client = new WeComClient({
    credentials: {
      integrationId: 'demo',
      mode: 'customApp',
      corpId: DEMO_CORP_ID,
      agentId: DEMO_AGENT_ID,
      secret: DEMO_APP_SECRET,
      apiBaseUrl: emulatorUrl,
    },
    cache: createMemoryCache(),
    logger,
    sleep: async () => {},
    rateLimiter: options.rateLimiter,
  });
  const provider = new InMemoryIncidentProvider({
    now: () => now().toJSDate(),
  });
  const renderer = createFakeCardRenderer();
  const links = new DatabaseLinkStore(knex);
  const targets = async (id: string) =>
    id === 'demo' ? { client, agentId: DEMO_AGENT_ID } : undefined;
  const parts = await createCardDelivery({
    knex,
    provider,
    renderer,
    targets,
    // Every linked member may act (the permission framework is off).
    access: fakeLinkedUserAccess({ links }),
    logger,
    now,
    workerId: 'worker-b',
    // Tests about other things send a member many cards in a minute of
    // the emulator's clock; storms have their own test.
    storm: options.storm ?? {
      ...DEFAULT_STORM_POLICY,
      cardsPerMinute: Infinity,
      cardsPerHour: Infinity,
    },
    incidentsUrl: incidentListUrl({
      appBaseUrl: 'https://backstage.example.com',
      wecomBaseUrl: 'https://backstage.example.com/api/wecom',
      workspaceLogin: true,
    }),
  });
  dispatcher.addAppEventHandler(parts.clickHandler);

  return {
    ...parts,
    knex,
    emulator,
    client,
    provider,
    renderer,
    links,
    targets,
    queue,
    logger,
    logLines: lines,
    now,
    async close() {
      parts.worker.stop();
      dispatcher.stop();
      await emulator.close();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

export type DeliveryHarness = Awaited<ReturnType<typeof startDeliveryHarness>>;

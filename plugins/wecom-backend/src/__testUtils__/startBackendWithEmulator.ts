import { JsonObject } from '@backstage/types';
import {
  DEMO_AGENT_ID,
  DEMO_APP_SECRET,
  DEMO_BOT_ENCODING_AES_KEY,
  DEMO_BOT_TOKEN,
  DEMO_CALLBACK_TOKEN,
  DEMO_CORP_ID,
  DEMO_ENCODING_AES_KEY,
  RunningEmulator,
  demoEmulatorOptions,
  startEmulator,
} from 'wecom-emulator';
import { freePort } from './freePort';
import { startWeComBackend } from './startWeComBackend';

/** The demo corp's custom app as an integration of the backend under test. */
export function demoIntegration(
  apiBaseUrl: string,
  overrides: Record<string, unknown> = {},
): JsonObject {
  return {
    id: 'demo',
    name: 'Demo Corp',
    corpId: DEMO_CORP_ID,
    agentId: DEMO_AGENT_ID,
    secret: DEMO_APP_SECRET,
    apiBaseUrl,
    callback: {
      token: DEMO_CALLBACK_TOKEN,
      encodingAESKey: DEMO_ENCODING_AES_KEY,
    },
    bot: { token: DEMO_BOT_TOKEN, encodingAESKey: DEMO_BOT_ENCODING_AES_KEY },
    ...overrides,
  } as JsonObject;
}

/**
 * A test backend and the WeCom emulator wired to each other: the backend's
 * integrations call the emulator's API, and the emulator's demo corp calls
 * back into the backend (callbacks, card clicks, OAuth redirects). The
 * emulator's port is chosen first because the integrations need its URL
 * before the backend starts.
 */
export async function startBackendWithEmulator(
  options: Omit<Parameters<typeof startWeComBackend>[0], 'integrations'> & {
    /** Integrations pointing at the emulator; the demo one by default. */
    integrations?: (emulatorUrl: string) => JsonObject[];
    /** `localhost` or `127.0.0.1` in the URL the emulator calls back on. */
    backendHost?: string;
  },
) {
  const { integrations, backendHost, ...backendOptions } = options;
  const emulatorPort = await freePort();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const ctx = await startWeComBackend({
    ...backendOptions,
    integrations: integrations?.(emulatorUrl) ?? [demoIntegration(emulatorUrl)],
    extraConfig: {
      // The emulator stands in for WeCom: integrations created through the
      // API may use it too (wecom.allowedApiHosts).
      allowedApiHosts: [
        'qyapi.weixin.qq.com',
        'openws.work.weixin.qq.com',
        `127.0.0.1:${emulatorPort}`,
      ],
      ...backendOptions.extraConfig,
    },
  });
  const backendUrl = `http://${backendHost ?? '127.0.0.1'}:${
    (ctx.server.address() as { port: number }).port
  }`;
  const emulator: RunningEmulator = await startEmulator({
    ...demoEmulatorOptions({ backstageUrl: backendUrl }),
    port: emulatorPort,
  });
  return {
    ...ctx,
    emulator,
    emulatorUrl,
    backendUrl,
    async stop() {
      await emulator.close();
      await ctx.backend.stop();
    },
  };
}

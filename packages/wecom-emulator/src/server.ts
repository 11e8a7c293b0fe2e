import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { WeComEmulator } from './emulator';
import {
  BOT_WS_PATH,
  attachBotWebSocket,
} from './longConnection/attachBotWebSocket';
import type { EmulatorOptions } from './types';

/**
 * An emulator listening on a port.
 *
 * @public
 */
export interface RunningEmulator extends WeComEmulator {
  /** e.g. `http://127.0.0.1:54321`: use it as the integration's apiBaseUrl. */
  readonly url: string;
  /**
   * e.g. `ws://127.0.0.1:54321/aibot/ws`: the smart bot's long-connection
   * address (the integration's `bot.wsUrl`).
   */
  readonly botWsUrl: string;
  close(): Promise<void>;
}

/**
 * An emulator to use in-process, e.g. with supertest on `emulator.app`.
 *
 * @public
 */
export function createEmulator(options?: EmulatorOptions): WeComEmulator {
  return new WeComEmulator(options);
}

/**
 * Starts an emulator on `port` (0 = a free one) and resolves once it listens.
 *
 * @public
 */
export async function startEmulator(
  options: EmulatorOptions & { port?: number; host?: string } = {},
): Promise<RunningEmulator> {
  const { port = 0, host, ...emulatorOptions } = options;
  const emulator = new WeComEmulator(emulatorOptions);
  const server = await listen(emulator, port, host);
  const closeBotSockets = attachBotWebSocket(server, emulator.botConnections);
  const address = server.address() as AddressInfo;
  const urlHost =
    !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${
    address.port
  }`;
  if (!emulatorOptions.publicUrl) emulator.publicUrl = url;

  return Object.assign(emulator, {
    url,
    botWsUrl: `${url.replace(/^http/, 'ws')}${BOT_WS_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closeBotSockets();
        server.close(error => (error ? reject(error) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      }),
  });
}

function listen(
  emulator: WeComEmulator,
  port: number,
  host?: string,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = host
      ? emulator.app.listen(port, host)
      : emulator.app.listen(port);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

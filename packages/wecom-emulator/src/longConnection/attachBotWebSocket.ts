import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { BotConnectionHub } from './BotConnectionHub';

/** Where bots open their long connection, as WeCom's `wss://openws…` root. */
export const BOT_WS_PATH = '/aibot/ws';

/**
 * Serves the smart bot's long connection on the emulator's HTTP server:
 * upgrades on {@link BOT_WS_PATH} go to the hub, any other upgrade is
 * refused. Returns a function that closes the sockets.
 */
export function attachBotWebSocket(
  server: Server,
  hub: BotConnectionHub,
): () => void {
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://emulator').pathname;
    if (path !== BOT_WS_PATH) {
      socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, ws => hub.accept(ws));
  });
  return () => {
    hub.closeAll();
    wss.close();
  };
}

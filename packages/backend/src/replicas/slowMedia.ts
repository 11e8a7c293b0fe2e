import { createServer, Server } from 'node:http';
import { sleep } from './processes';

/**
 * Serves a bot message's (already encrypted) media slowly, as a congested
 * media server would: the bot's answer is then still being written when
 * WeCom's stream refreshes arrive. Without it the built-in analyzer answers
 * within the first reply and WeCom never refreshes.
 */
export class SlowMediaServer {
  /** Download requests by URL, whoever made them. */
  readonly downloads = new Map<string, number>();
  readonly #files = new Map<string, { bytes: Buffer; delayMs: number }>();
  #server: Server | undefined;
  #url = '';

  async listen(port: number): Promise<void> {
    this.#server = createServer(async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://media').pathname;
      const file = this.#files.get(path);
      const url = `${this.#url}${path}`;
      this.downloads.set(url, (this.downloads.get(url) ?? 0) + 1);
      if (!file) {
        res.statusCode = 404;
        res.end();
        return;
      }
      await sleep(file.delayMs);
      res.setHeader('content-type', 'application/octet-stream');
      res.end(file.bytes);
    });
    await new Promise<void>(resolve =>
      this.#server!.listen(port, '127.0.0.1', resolve),
    );
    this.#url = `http://127.0.0.1:${port}`;
  }

  /** Where it listens (after {@link SlowMediaServer.listen}). */
  get url(): string {
    return this.#url;
  }

  /** Serves `bytes` `delayMs` after each request; answers the URL. */
  host(bytes: Buffer, delayMs: number): string {
    const path = `/media/${this.#files.size + 1}`;
    this.#files.set(path, { bytes, delayMs });
    return `${this.#url}${path}`;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    await new Promise<void>(resolve => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

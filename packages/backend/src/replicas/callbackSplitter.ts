import { createServer, IncomingMessage, Server } from 'node:http';

/** What one replica answered to one forwarded callback. */
export interface ForwardedCallback {
  replica: string;
  method: string;
  status: number;
  body: string;
}

/**
 * Stands where a load balancer would: every callback WeCom (the emulator)
 * sends is forwarded, byte for byte, to every replica — as when WeCom
 * retries a callback and the retry lands on the other replica. Answers
 * WeCom with the first 2xx answer.
 */
export class CallbackSplitter {
  readonly forwarded: ForwardedCallback[] = [];
  readonly #replicas = new Map<string, string>();
  #server: Server | undefined;

  /** `callbackUrl` is the replica's full callback URL (without query). */
  addReplica(name: string, callbackUrl: string): void {
    this.#replicas.set(name, callbackUrl);
  }

  removeReplica(name: string): void {
    this.#replicas.delete(name);
  }

  /** Listens on 127.0.0.1:`port`; WeCom's callback URL is `http://127.0.0.1:<port>/callback`. */
  async listen(port: number): Promise<string> {
    this.#server = createServer(async (req, res) => {
      const body = await readBody(req);
      const query = new URL(req.url ?? '/', 'http://splitter').search;
      const answers = await Promise.all(
        [...this.#replicas].map(async ([replica, url]) => {
          try {
            const response = await fetch(`${url}${query}`, {
              method: req.method,
              body: req.method === 'GET' ? undefined : body,
              headers: { 'content-type': req.headers['content-type'] ?? '' },
              signal: AbortSignal.timeout(5000),
            });
            return {
              replica,
              method: req.method ?? 'GET',
              status: response.status,
              body: await response.text(),
            };
          } catch (error) {
            return {
              replica,
              method: req.method ?? 'GET',
              status: 0,
              body: String(error),
            };
          }
        }),
      );
      this.forwarded.push(...answers);
      const ok = answers.find(a => a.status >= 200 && a.status < 300);
      res.statusCode = ok ? ok.status : 502;
      res.end(ok ? ok.body : JSON.stringify(answers));
    });
    await new Promise<void>(resolve =>
      this.#server!.listen(port, '127.0.0.1', resolve),
    );
    return `http://127.0.0.1:${port}/callback`;
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

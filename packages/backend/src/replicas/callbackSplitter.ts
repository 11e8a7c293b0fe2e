import { createServer, IncomingMessage, Server } from 'node:http';

/** Which callback URL of the replicas a request was for. */
export type CallbackKind = 'callback' | 'bot-callback';

/** The replica URLs the splitter forwards to, by {@link CallbackKind}. */
export type ReplicaCallbackUrls = Record<CallbackKind, string>;

/** What one replica answered to one forwarded callback. */
export interface ForwardedCallback {
  replica: string;
  kind: CallbackKind;
  method: string;
  status: number;
  body: string;
}

/**
 * Stands where a load balancer would. Every app callback WeCom (the
 * emulator) sends is forwarded, byte for byte, to every replica — as when
 * WeCom retries a callback and the retry lands on the other replica —
 * and WeCom gets the first 2xx answer. A bot callback goes to one replica,
 * the one the test routes bot callbacks to (by default the first added):
 * its answer is the bot's reply, so it cannot be sent twice.
 */
export class CallbackSplitter {
  readonly forwarded: ForwardedCallback[] = [];
  readonly #replicas = new Map<string, ReplicaCallbackUrls>();
  #botReplica: string | undefined;
  #server: Server | undefined;

  /** The replica's full callback URLs (without query). */
  addReplica(name: string, urls: ReplicaCallbackUrls): void {
    this.#replicas.set(name, urls);
  }

  removeReplica(name: string): void {
    this.#replicas.delete(name);
  }

  /** Bot callbacks from now on reach this replica only. */
  routeBotCallbacksTo(name: string): void {
    if (!this.#replicas.has(name)) throw new Error(`No replica ${name}`);
    this.#botReplica = name;
  }

  /**
   * Listens on 127.0.0.1:`port`; answers WeCom's callback URL
   * (`…/callback`) and its bot's (`…/bot-callback`).
   */
  async listen(
    port: number,
  ): Promise<{ callbackUrl: string; botCallbackUrl: string }> {
    this.#server = createServer(async (req, res) => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://splitter');
      const kind: CallbackKind =
        url.pathname === '/bot-callback' ? 'bot-callback' : 'callback';
      const answers = await Promise.all(
        this.#targets(kind).map(async ([replica, urls]) => {
          try {
            const response = await fetch(`${urls[kind]}${url.search}`, {
              method: req.method,
              body: req.method === 'GET' ? undefined : body,
              headers: { 'content-type': req.headers['content-type'] ?? '' },
              signal: AbortSignal.timeout(5000),
            });
            return {
              replica,
              kind,
              method: req.method ?? 'GET',
              status: response.status,
              body: await response.text(),
            };
          } catch (error) {
            return {
              replica,
              kind,
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
    return {
      callbackUrl: `http://127.0.0.1:${port}/callback`,
      botCallbackUrl: `http://127.0.0.1:${port}/bot-callback`,
    };
  }

  #targets(kind: CallbackKind): Array<[string, ReplicaCallbackUrls]> {
    const all = [...this.#replicas];
    if (kind === 'callback') return all;
    const chosen = all.find(([name]) => name === this.#botReplica) ?? all[0];
    return chosen ? [chosen] : [];
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

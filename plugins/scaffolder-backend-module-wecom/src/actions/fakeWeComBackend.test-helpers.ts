import { DiscoveryService } from '@backstage/backend-plugin-api';
import { WeComWarRoom } from 'backstage-plugin-wecom-common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the fake backend received. */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body: unknown;
}

/** What the fake backend answers: a status and a JSON body. */
export interface FakeAnswer {
  status: number;
  body: unknown;
}

/**
 * A real HTTP server on a free port standing in for `/api/wecom`, so the
 * action goes through the real client, discovery and fetch.
 */
export class FakeWeComBackend {
  readonly requests: RecordedRequest[] = [];
  answer: FakeAnswer = { status: 201, body: warRoom() };

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeWeComBackend> {
    const server = createServer();
    const backend = new FakeWeComBackend(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        backend.requests.push({
          method: req.method ?? '',
          path: req.url ?? '',
          authorization: req.headers.authorization,
          body: text ? JSON.parse(text) : undefined,
        });
        res.writeHead(backend.answer.status, {
          'Content-Type': 'application/json',
        });
        res.end(JSON.stringify(backend.answer.body));
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return backend;
  }

  get baseUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/wecom`;
  }

  /** Discovery that sends the `wecom` plugin to this server. */
  get discovery(): DiscoveryService {
    const url = async (pluginId: string) => {
      if (pluginId !== 'wecom')
        throw new Error(`Unexpected plugin ${pluginId}`);
      return this.baseUrl;
    };
    return { getBaseUrl: url, getExternalBaseUrl: url };
  }

  /** Answers with Backstage's error body, as the backend's error handler does. */
  failWith(status: number, name: string, message: string) {
    this.answer = {
      status,
      body: {
        error: { name, message },
        request: { method: 'POST', url: '/incidents/x/war-room' },
        response: { statusCode: status },
      },
    };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.server.close(error => (error ? reject(error) : resolve())),
    );
  }
}

/** An active War Room as the backend answers it. */
export function warRoom(overrides: Partial<WeComWarRoom> = {}): WeComWarRoom {
  return {
    incidentId: 'inc-1',
    integrationId: 'custom-app',
    chatId: 'wr0123456789abcdef0123456789abcd',
    name: '[CRITICAL] #INC1 Checkout is down',
    status: 'active',
    owner: { entityRef: 'user:default/mock', wecomUserId: 'Mock' },
    members: [
      {
        entityRef: 'user:default/mock',
        wecomUserId: 'Mock',
        role: 'requester',
        addedAt: '2026-11-27T09:00:00.000Z',
      },
      {
        entityRef: 'user:default/zhangsan',
        wecomUserId: 'ZhangSan',
        role: 'responder',
        addedAt: '2026-11-27T09:00:00.000Z',
      },
    ],
    unlinked: [],
    entityRef: 'component:default/payments',
    pendingSteps: [],
    createdBy: 'user:default/mock',
    createdAt: '2026-11-27T09:00:00.000Z',
    updatedAt: '2026-11-27T09:00:00.000Z',
    ...overrides,
  };
}

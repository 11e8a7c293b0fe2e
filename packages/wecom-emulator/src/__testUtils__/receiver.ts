import type { AddressInfo } from 'node:net';
import express from 'express';

/** A request the emulator delivered to the test receiver. */
export interface ReceivedCallback {
  method: string;
  query: Record<string, string>;
  body: string;
  contentType?: string;
}

/** What the receiver answers; by default 200 "success". */
export type ReceiverReply = (request: ReceivedCallback) => {
  status?: number;
  body: string;
  type?: string;
};

/** A tiny HTTP server on a free port standing in for the plugin's callback endpoint. */
export async function startReceiver(
  reply: ReceiverReply = () => ({ body: 'success' }),
) {
  const received: ReceivedCallback[] = [];
  const app = express();
  app.use(express.text({ type: () => true }));
  app.use((req, res) => {
    const request: ReceivedCallback = {
      method: req.method,
      query: Object.fromEntries(
        Object.entries(req.query).map(([k, v]) => [k, String(v)]),
      ),
      body: typeof req.body === 'string' ? req.body : '',
      contentType: req.headers['content-type'],
    };
    received.push(request);
    const answer = reply(request);
    res
      .status(answer.status ?? 200)
      .type(answer.type ?? 'text/plain')
      .send(answer.body);
  });
  const server = await new Promise<ReturnType<typeof app.listen>>(resolve => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    received,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy to the emulator that can hold WeCom's user
 * lookups, so a test can observe a One-Click Link run while it is running.
 */
export async function startHoldingProxy(targetUrl: string) {
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url?.startsWith('/cgi-bin/user/')) await gate;
    try {
      const answer = await fetch(`${targetUrl}${req.url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'text/plain',
      });
      res.end(await answer.text());
    } catch {
      // The emulator went away (a test is ending): answer as a gateway would.
      res.writeHead(502).end();
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Lookups wait from now on until `release()`. */
    hold() {
      gate = new Promise(resolve => {
        release = resolve;
      });
    },
    release: () => release(),
    close: () =>
      new Promise<void>(resolve => {
        release();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

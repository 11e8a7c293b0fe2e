import { createServer } from 'node:net';

/**
 * A port nobody listens on, so a test can tell the backend where the
 * emulator will be before either of them starts.
 */
export async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const server = createServer().listen(0, () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

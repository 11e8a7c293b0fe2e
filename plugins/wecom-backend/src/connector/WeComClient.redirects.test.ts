import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { startRecordingWeCom } from '../__testUtils__/recordingWeCom';
import {
  TEST_APP_CREDENTIALS,
  TEST_APP_SECRET,
  createMemoryCache,
  createRecordingLogger,
} from './__testUtils__/fakeWeCom';
import { WeComNetworkError } from './errors';
import { WeComClient } from './WeComClient';

/** An endpoint that sends every request on to `target`, query and all. */
async function startRedirector(target: string) {
  const server = createServer((req, res) => {
    res.statusCode = 307;
    res.setHeader('location', `${target}${req.url}`);
    res.end();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

describe('WeComClient and redirects', () => {
  it('does not follow a redirect, so the Secret never reaches the host it points to', async () => {
    const elsewhere = await startRecordingWeCom();
    const redirector = await startRedirector(elsewhere.url);
    try {
      const client = new WeComClient({
        credentials: { ...TEST_APP_CREDENTIALS, apiBaseUrl: redirector.url },
        cache: createMemoryCache(),
        logger: createRecordingLogger().logger,
        sleep: async () => {},
      });
      const error = await client.getAccessToken().catch(e => e);
      expect(error).toBeInstanceOf(WeComNetworkError);
      expect(error.status).toBe(307);
      expect(elsewhere.requests).toEqual([]);
      expect(String(error.message)).not.toContain(TEST_APP_SECRET);
    } finally {
      await redirector.close();
      await elsewhere.close();
    }
  });
});

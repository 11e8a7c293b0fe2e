import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  RunningEmulator,
  demoEmulatorOptions,
  startEmulator,
} from 'wecom-emulator';
import { WeComIntegration } from '../../integrations/types';
import { BotUrlPolicy } from './BotUrlPolicy';
import { HttpResponseUrlPoster } from './ResponseUrlPoster';

/** A server that records what reaches it and answers as WeCom would. */
async function recordingServer(
  answer: (req: { url: string }) => {
    status: number;
    headers?: Record<string, string>;
  } = () => ({ status: 200 }),
) {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const { status, headers } = answer({ url: req.url ?? '' });
    res
      .writeHead(status, { 'content-type': 'application/json', ...headers })
      .end('{"errcode":0,"errmsg":"ok"}');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    hits,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

/** Every integration's WeCom (its apiBaseUrl) is at `apiBaseUrl`. */
const poster = (apiBaseUrl: string) =>
  new HttpResponseUrlPoster({
    urls: new BotUrlPolicy({
      integrations: {
        get: async id => ({ id, apiBaseUrl } as WeComIntegration),
      },
    }),
  });

describe('HttpResponseUrlPoster against the emulator', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator(
      demoEmulatorOptions({ backstageUrl: 'http://127.0.0.1:9' }),
    );
  });
  afterAll(() => emulator.close());

  const responseUrl = () => {
    const { bot } = emulator.state.directory.bot();
    const code = emulator.state.responseUrls.issue(
      { botId: bot.botId, msgid: 'msg-late' },
      emulator.state.clock.millis(),
    );
    return {
      code,
      url: `${emulator.url}/cgi-bin/aibot/response?response_code=${code}`,
    };
  };

  it('posts the late answer as markdown to the one-time URL', async () => {
    const { url } = responseUrl();
    await poster(emulator.url).postMarkdown(
      'demo',
      url,
      '**Root cause** found',
    );
    expect(emulator.state.bot.activeReplies.at(-1)).toMatchObject({
      inReplyTo: 'msg-late',
      body: {
        msgtype: 'markdown',
        markdown: { content: '**Root cause** found' },
      },
    });
  });

  it("fails clearly on a used URL, without the URL's code in the error", async () => {
    const { url, code } = responseUrl();
    const once = poster(emulator.url);
    await once.postMarkdown('demo', url, 'first');
    const error = await once.postMarkdown('demo', url, 'second').catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error.message)).toContain('/cgi-bin/aibot/response');
    expect(String(error.message)).not.toContain(code);
    expect(String(error.stack)).not.toContain(code);
  });

  it('refuses a URL that is not http(s)', async () => {
    await expect(
      poster(emulator.url).postMarkdown('demo', 'file:///etc/passwd', 'x'),
    ).rejects.toThrow('not an http(s) URL');
  });
});

describe('HttpResponseUrlPoster and hosts that are not WeCom', () => {
  it('posts nothing to a response_url on another host', async () => {
    const wecom = await recordingServer();
    const elsewhere = await recordingServer();
    try {
      const error = await poster(wecom.url)
        .postMarkdown(
          'acme',
          `${elsewhere.url}/cgi-bin/aibot/response?response_code=SECRET`,
          'The incident details',
        )
        .catch(e => e);
      expect(String(error)).toMatch(
        /its host 127\.0\.0\.1:\d+ is not one of integration "acme"'s WeCom hosts/,
      );
      expect(String(error)).not.toContain('SECRET');
      // Nor anywhere else on WeCom's host than its reply API.
      await expect(
        poster(wecom.url).postMarkdown(
          'acme',
          `${wecom.url}/cgi-bin/message/send?response_code=x`,
          'x',
        ),
      ).rejects.toThrow("not WeCom's reply API");
      expect([...elsewhere.hits, ...wecom.hits]).toEqual([]);
    } finally {
      await Promise.all([wecom.close(), elsewhere.close()]);
    }
  });

  it('does not follow a redirect from WeCom to another host', async () => {
    const elsewhere = await recordingServer();
    const wecom = await recordingServer(() => ({
      status: 307,
      headers: { location: `${elsewhere.url}/collect` },
    }));
    try {
      await expect(
        poster(wecom.url).postMarkdown(
          'acme',
          `${wecom.url}/cgi-bin/aibot/response?response_code=RC`,
          'The incident details',
        ),
      ).rejects.toThrow('HTTP 307');
      expect(wecom.hits).toHaveLength(1);
      expect(elsewhere.hits).toEqual([]);
    } finally {
      await Promise.all([wecom.close(), elsewhere.close()]);
    }
  });
});

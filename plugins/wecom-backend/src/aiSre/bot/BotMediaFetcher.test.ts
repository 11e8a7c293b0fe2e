import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createCipheriv, randomBytes } from 'node:crypto';
import { freePort } from '../../__testUtils__/freePort';
import { encryptMedia } from '../../crypto/media';
import { WeComIntegration } from '../../integrations/types';
import { BotMediaFetcher } from './BotMediaFetcher';
import { BotUrlPolicy } from './BotUrlPolicy';
import { BotInboundMessage } from './types';

const BOT_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
const OTHER_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
// Fixed bytes, not random ones: media carry no MAC, so a wrong key yields
// random-looking plaintext whose padding happens to be valid 1 time in
// ~256; with fixed bytes the wrong-key case below always fails the same way.
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 37 + 11) % 256)),
]);

/** What the long connection does: a per-message key, same cipher. */
function encryptWithMessageKey(key: Buffer, bytes: Buffer): Buffer {
  const pad = 32 - (bytes.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([bytes, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]);
}

describe('BotMediaFetcher', () => {
  const files = new Map<
    string,
    {
      body: Buffer;
      headers?: Record<string, string>;
      hang?: boolean;
      status?: number;
    }
  >();
  let server: Server;
  let base: string;
  /** Another host: nothing the bot downloads may come from there. */
  let elsewhere: Server;
  let elsewhereBase: string;
  const elsewhereHits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const file = files.get(req.url ?? '');
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      if (file.hang) return; // never answers: for the time-out
      res.writeHead(file.status ?? 200, {
        'content-type': 'application/octet-stream',
        ...file.headers,
      });
      res.end(file.body);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    elsewhere = createServer((req, res) => {
      elsewhereHits.push(req.url ?? '');
      res.writeHead(200).end(encryptMedia(BOT_KEY, PNG));
    });
    await new Promise<void>(resolve =>
      elsewhere.listen(0, '127.0.0.1', resolve),
    );
    elsewhereBase = `http://127.0.0.1:${
      (elsewhere.address() as AddressInfo).port
    }`;
  });
  afterAll(async () => {
    for (const s of [server, elsewhere]) {
      s.closeAllConnections();
      await new Promise(resolve => s.close(resolve));
    }
  });
  beforeEach(() => {
    elsewhereHits.length = 0;
  });

  /** Every integration's WeCom (its apiBaseUrl) is the test server. */
  const urls = (apiBaseUrl = base) =>
    new BotUrlPolicy({
      integrations: {
        get: async id => ({ id, apiBaseUrl } as WeComIntegration),
      },
    });
  const fetcher = (
    options: {
      maxBytes?: number;
      timeoutMs?: number;
      urls?: BotUrlPolicy;
    } = {},
  ) =>
    new BotMediaFetcher({
      encodingAESKeyOf: async id => (id === 'acme' ? BOT_KEY : undefined),
      urls: urls(),
      ...options,
    });
  const message = (
    media: BotInboundMessage['media'],
    integrationId = 'acme',
  ): BotInboundMessage => ({
    integrationId,
    msgId: 'm1',
    chatType: 'single',
    fromUserId: 'ZhangSan',
    media,
    transport: 'callback',
  });

  it("decrypts an image with the bot's EncodingAESKey and says what it is", async () => {
    files.set('/png', { body: encryptMedia(BOT_KEY, PNG) });
    const { attachments, problems } = await fetcher().fetchAll(
      message([{ kind: 'image', url: `${base}/png` }]),
    );
    expect(problems).toEqual([]);
    expect(attachments).toHaveLength(1);
    expect(attachments[0].kind).toBe('image');
    expect(attachments[0].mimeType).toBe('image/png');
    expect(Buffer.from(attachments[0].bytes).equals(PNG)).toBe(true);
  });

  it("decrypts with the message's own key (long connection) and keeps the file name", async () => {
    const key = randomBytes(32);
    const text = Buffer.from('ERROR pool exhausted\nWARN retrying\n');
    files.set('/log', {
      body: encryptWithMessageKey(key, text),
      headers: { 'content-disposition': 'attachment; filename="app.log"' },
    });
    const [file] = (
      await fetcher().fetchAll(
        message(
          [
            {
              kind: 'file',
              url: `${base}/log`,
              aesKey: key.toString('base64'),
            },
          ],
          'no-bot-key',
        ),
      )
    ).attachments;
    expect(file).toMatchObject({
      kind: 'file',
      mimeType: 'text/plain',
      fileName: 'app.log',
    });
    expect(Buffer.from(file.bytes).toString()).toBe(text.toString());
  });

  it('refuses a file larger than the limit, with the setting to change', async () => {
    const big = Buffer.alloc(4096, 'a');
    files.set('/big', { body: encryptMedia(BOT_KEY, big) });
    const { attachments, problems } = await fetcher({
      maxBytes: 1024,
    }).fetchAll(message([{ kind: 'file', url: `${base}/big` }]));
    expect(attachments).toEqual([]);
    expect(problems).toEqual([
      'Could not read the file: it is larger than the 1 KiB limit (wecom.aiSre.bot.maxMediaBytes).',
    ]);
  });

  it('stops reading a body that outgrows the limit even without a length', async () => {
    files.set('/chunked', {
      body: encryptMedia(BOT_KEY, Buffer.alloc(8192, 'b')),
      headers: { 'transfer-encoding': 'chunked' },
    });
    await expect(
      fetcher({ maxBytes: 1024 }).fetchOne('acme', {
        kind: 'file',
        url: `${base}/chunked`,
      }),
    ).rejects.toThrow('larger than the 1 KiB limit');
  });

  it('says the image could not be decrypted when the key is wrong', async () => {
    files.set('/other', { body: encryptMedia(OTHER_KEY, PNG) });
    const { problems } = await fetcher().fetchAll(
      message([{ kind: 'image', url: `${base}/other` }]),
    );
    expect(problems).toEqual([
      'Could not read the image: it could not be decrypted (a wrong key, or a damaged download).',
    ]);
  });

  it('explains download failures without showing the URL', async () => {
    files.set('/slow', { body: Buffer.alloc(0), hang: true });
    const closedPort = await freePort();
    const closed = `http://127.0.0.1:${closedPort}`;
    const secretUrl = `${base}/missing?ticket=SECRET-TICKET`;
    const { problems } = await fetcher({ timeoutMs: 200 }).fetchAll(
      message([
        { kind: 'image', url: secretUrl },
        { kind: 'image', url: 'file:///etc/passwd' },
        { kind: 'image', url: `${base}/slow` },
      ]),
    );
    const refused = await fetcher({ urls: urls(closed) }).fetchAll(
      message([{ kind: 'image', url: `${closed}/closed?ticket=SECRET` }]),
    );
    expect([...problems, ...refused.problems]).toEqual([
      'Could not read the image: the download answered HTTP 404.',
      'Could not read the image: its address is not an http(s) URL.',
      'Could not read the image: the download took longer than 200 ms.',
      'Could not read the image: the download failed (ECONNREFUSED).',
    ]);
    expect(problems.join('\n')).not.toContain('SECRET');
  });

  it('downloads nothing from a host that is not WeCom, whichever transport sent it', async () => {
    const { attachments, problems } = await fetcher().fetchAll(
      message([
        { kind: 'image', url: `${elsewhereBase}/metadata?ticket=SECRET` },
        {
          kind: 'file',
          url: `${elsewhereBase}/internal-admin`,
          aesKey: randomBytes(32).toString('base64'),
        },
        { kind: 'image', url: 'http://169.254.169.254/latest/meta-data/' },
      ]),
    );
    expect(attachments).toEqual([]);
    expect(elsewhereHits).toEqual([]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(
      /^Could not read the image: its host 127\.0\.0\.1:\d+ is not one of integration "acme"'s WeCom hosts/,
    );
    expect(problems.join('\n')).not.toContain('SECRET');
  });

  it('does not follow a redirect to another host, and follows one within WeCom', async () => {
    files.set('/moved-away', {
      body: Buffer.alloc(0),
      status: 302,
      headers: { location: `${elsewhereBase}/stolen` },
    });
    files.set('/moved-here', {
      body: Buffer.alloc(0),
      status: 307,
      headers: { location: '/png' },
    });
    files.set('/png', { body: encryptMedia(BOT_KEY, PNG) });
    const { attachments, problems } = await fetcher().fetchAll(
      message([
        { kind: 'image', url: `${base}/moved-away` },
        { kind: 'image', url: `${base}/moved-here` },
      ]),
    );
    expect(elsewhereHits).toEqual([]);
    expect(problems).toEqual([
      expect.stringMatching(
        /^Could not read the image: it redirects elsewhere: its host 127\.0\.0\.1:\d+ is not one of integration "acme"'s WeCom hosts/,
      ),
    ]);
    expect(attachments).toHaveLength(1);
    expect(Buffer.from(attachments[0].bytes).equals(PNG)).toBe(true);
  });

  it('says when the bot has no key or the message key is malformed', async () => {
    files.set('/png', { body: encryptMedia(BOT_KEY, PNG) });
    const { problems } = await fetcher().fetchAll(
      message(
        [
          { kind: 'image', url: `${base}/png` },
          { kind: 'image', url: `${base}/png`, aesKey: 'c2hvcnQ=' },
        ],
        'nokey',
      ),
    );
    expect(problems).toEqual([
      'Could not read the image: the bot of integration "nokey" has no EncodingAESKey to decrypt it with.',
      'Could not read the image: the key WeCom sent with it is not 32 bytes of base64.',
    ]);
  });

  it('reads at most 10 images or files of one message, and at most twice the limit in all', async () => {
    files.set('/png', { body: encryptMedia(BOT_KEY, PNG) });
    const many = await fetcher().fetchAll(
      message(
        Array.from({ length: 12 }, () => ({
          kind: 'image' as const,
          url: `${base}/png`,
        })),
      ),
    );
    expect(many.attachments).toHaveLength(10);
    expect(many.problems).toEqual([
      'Did not read 2 more images or files: at most 10 are read from one message.',
    ]);

    files.set('/700', { body: encryptMedia(BOT_KEY, Buffer.alloc(700, 'x')) });
    const heavy = await fetcher({ maxBytes: 1024 }).fetchAll(
      message(
        Array.from({ length: 3 }, () => ({
          kind: 'file' as const,
          url: `${base}/700`,
        })),
      ),
    );
    expect(heavy.attachments).toHaveLength(2);
    expect(heavy.problems).toEqual([
      'Could not read the file: with the images and files before it, the message is larger than 2 KiB (twice wecom.aiSre.bot.maxMediaBytes).',
    ]);
  });
});

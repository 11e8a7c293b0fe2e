import {
  RunningEmulator,
  demoEmulatorOptions,
  startEmulator,
} from 'wecom-emulator';
import { HttpResponseUrlPoster } from './ResponseUrlPoster';

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
    await new HttpResponseUrlPoster().postMarkdown(url, '**Root cause** found');
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
    const poster = new HttpResponseUrlPoster();
    await poster.postMarkdown(url, 'first');
    const error = await poster.postMarkdown(url, 'second').catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error.message)).toContain('/cgi-bin/aibot/response');
    expect(String(error.message)).not.toContain(code);
    expect(String(error.stack)).not.toContain(code);
  });

  it('refuses a URL that is not http(s)', async () => {
    await expect(
      new HttpResponseUrlPoster().postMarkdown('file:///etc/passwd', 'x'),
    ).rejects.toThrow('not http(s)');
  });
});

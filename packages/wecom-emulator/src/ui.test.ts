import request from 'supertest';
import { testCorp, testEmulator, tokenFor } from './__testUtils__/fixtures';

describe('the emulator page', () => {
  it('shows a group chat with its members and its markdown posts as text', async () => {
    const emulator = testEmulator();
    const token = await tokenFor(emulator);
    const call = (path: string, body: object) =>
      request(emulator.app)
        .post(`/cgi-bin/appchat/${path}`)
        .query({ access_token: token })
        .send(body)
        .expect(200);
    await call('create', {
      name: '[CRITICAL] Payments down',
      owner: 'alice',
      userlist: ['alice', 'bob'],
      chatid: 'wrpayments',
    });
    await call('send', {
      chatid: 'wrpayments',
      msgtype: 'markdown',
      markdown: { content: '**Payments down** <critical>\nStatus: triggered' },
    });

    const page = await request(emulator.app).get('/').expect(200);

    expect(page.text).toContain('[CRITICAL] Payments down');
    expect(page.text).toContain('Members: alice, bob');
    // Escaped, and read as text rather than as a JSON blob.
    expect(page.text).toContain(
      '**Payments down** &#60;critical&#62;\nStatus: triggered',
    );
    expect(page.text).not.toContain('{&#34;content&#34;');
  });
});

describe('the smart bot on the emulator page', () => {
  const bot = {
    botId: 'aibtest',
    token: 'QDG6eK',
    encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    callbackUrl: 'http://localhost:9/bot-callback',
  };

  it('offers to ask the bot from each chat and from a single chat', async () => {
    const emulator = testEmulator({ corps: [testCorp({ bot })] });
    const token = await tokenFor(emulator);
    await request(emulator.app)
      .post('/cgi-bin/appchat/create')
      .query({ access_token: token })
      .send({
        name: 'War Room',
        owner: 'alice',
        userlist: ['alice', 'bob'],
        chatid: 'wr1',
      })
      .expect(200);

    const page = await request(emulator.app).get('/').expect(200);

    expect(page.text).toContain('aibtest → http://localhost:9/bot-callback');
    // One form in the War Room (its members only), one for single chats.
    expect(page.text).toContain(
      `data-where='{&#34;chatid&#34;:&#34;wr1&#34;}'`,
    );
    expect(page.text).toContain(`data-where='{}'`);
    expect(page.text.match(/Ask the bot/g)).toHaveLength(2);
    expect(page.text).toContain('No answers yet.');
  });

  it("shows the bot's answers with the question and whether they finished", async () => {
    const emulator = testEmulator({ corps: [testCorp({ bot })] });
    emulator.state.bot.streams.set('s1', {
      id: 's1',
      botId: 'aibtest',
      origin: {
        from: { userid: 'bob' },
        msgtype: 'text',
        text: { content: '@bot what is <happening>?' },
      },
      startedAt: 0,
      finished: true,
      content: '**Payments API 5xx** is being processed by LiSi',
    });

    const page = await request(emulator.app).get('/').expect(200);

    expect(page.text).toContain(
      'bob · @bot what is &#60;happening&#62;? · stream s1 · finished',
    );
    expect(page.text).toContain(
      '**Payments API 5xx** is being processed by LiSi',
    );
  });

  it('has no bot section for corps without a bot', async () => {
    const page = await request(testEmulator().app).get('/').expect(200);
    expect(page.text).not.toContain('Smart bot');
  });
});

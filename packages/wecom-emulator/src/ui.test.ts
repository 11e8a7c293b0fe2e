import request from 'supertest';
import { testEmulator, tokenFor } from './__testUtils__/fixtures';

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

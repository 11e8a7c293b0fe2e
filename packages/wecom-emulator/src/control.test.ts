import request from 'supertest';
import {
  DEMO_APP_SECRET,
  DEMO_BOT_TOKEN,
  DEMO_CALLBACK_TOKEN,
  DEMO_ENCODING_AES_KEY,
} from './demo';
import { createEmulator } from './server';
import { ErrCode } from './errcodes';
import {
  buttonCard,
  CALLBACK,
  MAIN_APP,
  testCorp,
  testEmulator,
  tokenFor,
} from './__testUtils__/fixtures';
import { startReceiver } from './__testUtils__/receiver';

describe('fault injection', () => {
  it('fails the next N calls of one API with the injected errcode, then recovers', async () => {
    const emulator = testEmulator();
    const token = await tokenFor(emulator);
    await request(emulator.app)
      .post('/_emulator/faults')
      .send({ api: '/cgi-bin/message/send', errcode: -1, times: 2 })
      .expect(200);
    const send = () =>
      request(emulator.app)
        .post('/cgi-bin/message/send')
        .query({ access_token: token })
        .send({
          touser: 'alice',
          msgtype: 'text',
          agentid: MAIN_APP.agentId,
          text: { content: 'x' },
        });

    expect((await send()).body.errcode).toBe(-1);
    // Other APIs are unaffected.
    expect(await tokenFor(emulator)).toEqual(expect.any(String));
    expect((await send()).body.errcode).toBe(-1);
    expect((await send()).body.errcode).toBe(0);
    expect(emulator.messagesTo('alice')).toHaveLength(1);
    expect(emulator.callCounts()['message/send']).toEqual({
      calls: 3,
      errors: 2,
      byErrcode: { '-1': 2, '0': 1 },
    });
  });

  it('can fail with an HTTP status, like a gateway in front of WeCom', async () => {
    const emulator = testEmulator();
    emulator.injectFault({ api: 'gettoken', errcode: -1, httpStatus: 502 });
    await request(emulator.app).get('/cgi-bin/gettoken').expect(502);
    expect(await tokenFor(emulator)).toEqual(expect.any(String));
  });

  it('injects 45009 as a rate-limit answer', async () => {
    const emulator = testEmulator();
    emulator.injectFault({
      api: 'user/getuserid',
      errcode: ErrCode.API_FREQ_OUT_OF_LIMIT,
    });
    const token = await tokenFor(emulator);
    const res = await request(emulator.app)
      .post('/cgi-bin/user/getuserid')
      .query({ access_token: token })
      .send({ mobile: '13900000001' });
    expect(res.body.errcode).toBe(ErrCode.API_FREQ_OUT_OF_LIMIT);
  });
});

describe('control API', () => {
  it('summarizes users, cards, chats and calls without any secret', async () => {
    const emulator = createEmulator();
    const token = (
      await request(emulator.app)
        .get('/cgi-bin/gettoken')
        .query({ corpid: 'wwdemo0000000001', corpsecret: DEMO_APP_SECRET })
    ).body.access_token;
    await request(emulator.app)
      .post('/cgi-bin/message/send')
      .query({ access_token: token })
      .send({
        touser: 'JohnDoe',
        msgtype: 'template_card',
        agentid: 1000002,
        template_card: buttonCard('INC-9'),
      });

    const { body } = await request(emulator.app)
      .get('/_emulator/state')
      .expect(200);
    expect(body.corps[0].users).toContainEqual(
      expect.objectContaining({ userid: 'JohnDoe', messages: 1, cards: 1 }),
    );
    expect(body.cards).toEqual([
      expect.objectContaining({
        taskId: 'INC-9',
        title: 'P1: checkout latency',
        recipients: [{ userid: 'JohnDoe', version: 1, keys: ['ack', 'close'] }],
      }),
    ]);
    expect(body.calls.byApi['message/send'].calls).toBe(1);
    const text = JSON.stringify(body);
    for (const secret of [
      DEMO_APP_SECRET,
      DEMO_CALLBACK_TOKEN,
      DEMO_ENCODING_AES_KEY,
      DEMO_BOT_TOKEN,
      token,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('lists only the most recent cards when asked for a limit', async () => {
    const emulator = testEmulator();
    const token = await tokenFor(emulator);
    for (const taskId of ['INC-1', 'INC-2', 'INC-3']) {
      await request(emulator.app)
        .post('/cgi-bin/message/send')
        .query({ access_token: token })
        .send({
          touser: 'alice',
          msgtype: 'template_card',
          agentid: MAIN_APP.agentId,
          template_card: buttonCard(taskId),
        });
    }
    const { body } = await request(emulator.app)
      .get('/_emulator/state')
      .query({ limit: 2 });
    expect(body.cardsTotal).toBe(3);
    expect(body.cards.map((c: { taskId: string }) => c.taskId)).toEqual([
      'INC-2',
      'INC-3',
    ]);
  });

  it('resets to the seeded corps and the base clock', async () => {
    const emulator = testEmulator();
    const token = await tokenFor(emulator);
    emulator.upsertUser({ userid: 'dave', name: 'Dave' });
    await request(emulator.app)
      .post('/_emulator/clock/advance')
      .send({ seconds: 3600 })
      .expect(200);
    await request(emulator.app).post('/_emulator/reset').expect(200);
    expect(emulator.state.directory.corp().users.has('dave')).toBe(false);
    expect(emulator.now().toISO()).toBe('2025-01-06T09:00:00.000+00:00');
    const after = await request(emulator.app)
      .get('/cgi-bin/agent/get')
      .query({ access_token: token, agentid: 1000002 });
    expect(after.body.errcode).toBe(ErrCode.INVALID_ACCESS_TOKEN);
    expect(emulator.state.callLog.total).toBe(1);
  });

  it('answers 400 with the reason for invalid control input', async () => {
    const emulator = testEmulator();
    const res = await request(emulator.app)
      .post('/_emulator/faults')
      .send({ api: 'x' })
      .expect(400);
    expect(res.body.error).toContain('errcode');
    await request(emulator.app)
      .post('/_emulator/oauth/current-user')
      .send({ userid: 'ghost' })
      .expect(400);
  });

  it('pushes create_auth and reset_permanent_code to a suite, 400 for an unknown suite', async () => {
    const receiver = await startReceiver();
    try {
      const emulator = testEmulator({
        corps: [
          testCorp({
            suites: [
              {
                suiteId: 'wwsuite01',
                suiteSecret: 's',
                suiteTicket: 't',
                permanentCode: 'p',
                callback: { url: receiver.url, ...CALLBACK },
              },
            ],
          }),
        ],
      });
      for (const path of ['authorize', 'reset-permanent-code']) {
        const res = await request(emulator.app)
          .post(`/_emulator/suites/${path}`)
          .send({ suiteId: 'wwsuite01' })
          .expect(200);
        expect(res.body).toMatchObject({
          status: 200,
          body: 'success',
          authCode: expect.any(String),
          answeredInMs: expect.any(Number),
        });
        await request(emulator.app)
          .post(`/_emulator/suites/${path}`)
          .send({ suiteId: 'nope' })
          .expect(400);
      }
      expect(receiver.received).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it('answers 502 when a callback cannot be delivered', async () => {
    const emulator = testEmulator();
    emulator.state.directory.corp().apps.get(MAIN_APP.agentId)!.callback = {
      url: 'http://127.0.0.1:9/unreachable',
      ...CALLBACK,
    };
    const res = await request(emulator.app)
      .post('/_emulator/callbacks/verify')
      .send({})
      .expect(502);
    expect(res.body.error).toContain('127.0.0.1:9/unreachable');
    expect(res.body.error).not.toContain(CALLBACK.token);
  });

  it('serves a page with a button per card key for a person to click', async () => {
    const emulator = testEmulator();
    const token = await tokenFor(emulator);
    const card = {
      ...buttonCard('INC-3'),
      main_title: { title: '<script>alert(1)</script> latency' },
    };
    await request(emulator.app)
      .post('/cgi-bin/message/send')
      .query({ access_token: token })
      .send({
        touser: 'carol',
        msgtype: 'template_card',
        agentid: MAIN_APP.agentId,
        template_card: card,
      })
      .expect(200);
    const page = await request(emulator.app).get('/').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('王芳');
    expect(page.text).toContain(
      '&#60;script&#62;alert(1)&#60;/script&#62; latency',
    );
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toMatch(
      /call\("\/_emulator\/cards\/click",\{&#34;corpId&#34;.*&#34;eventKey&#34;:&#34;ack&#34;\}\)/,
    );
    expect(page.text).not.toContain(CALLBACK.token);
  });
});

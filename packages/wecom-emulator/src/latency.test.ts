import request from 'supertest';
import { emulatorOptionsSchema } from './config';
import { startEmulator } from './server';
import {
  CORP_ID,
  MAIN_APP,
  START,
  buttonCard,
  testCorp,
  testEmulator,
  tokenFor,
} from './__testUtils__/fixtures';

/** Waits until `check` holds (the call reached the emulator, say), at most 5 s. */
async function eventually(check: () => boolean) {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 5000) throw new Error('Timed out waiting for the emulator');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

const textTo = (touser: string) => ({
  touser,
  msgtype: 'text',
  agentid: MAIN_APP.agentId,
  text: { content: 'hello' },
});

describe('latency', () => {
  it('holds every call of the slowed API for its delay, through the control API, and not the others', async () => {
    const emulator = testEmulator();
    const token = await tokenFor(emulator);
    await request(emulator.app)
      .post('/_emulator/latency')
      .send({ api: '/cgi-bin/message/send', ms: 300 })
      .expect(200, { delays: { 'message/send': 300 }, waiting: {}, held: [] });
    expect(emulator.state.latency.of('gettoken')).toBe(0);

    const started = Date.now();
    const sent = request(emulator.app)
      .post('/cgi-bin/message/send')
      .query({ access_token: token })
      .send(textTo('alice'))
      .then(res => res);
    // While held, the call shows as waiting and nothing is delivered yet.
    await eventually(
      () => emulator.state.latency.waiting()['message/send'] === 1,
    );
    await request(emulator.app)
      .get('/_emulator/latency')
      .expect(200, {
        delays: { 'message/send': 300 },
        waiting: { 'message/send': 1 },
        held: [{ api: 'message/send' }],
      });
    expect(emulator.messagesTo('alice')).toHaveLength(0);

    expect((await sent).body.errcode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(emulator.messagesTo('alice')).toHaveLength(1);

    await request(emulator.app)
      .post('/_emulator/latency')
      .send({ api: 'message/send', ms: 0 })
      .expect(200, { delays: {}, waiting: {}, held: [] });
  });

  it('names the card a held send carries, so a test can tell one send from another', async () => {
    const emulator = testEmulator({ latencyMs: { 'message/send': 200 } });
    const token = await tokenFor(emulator);
    const sent = request(emulator.app)
      .post('/cgi-bin/message/send')
      .query({ access_token: token })
      .send({
        touser: 'alice',
        msgtype: 'template_card',
        agentid: MAIN_APP.agentId,
        template_card: buttonCard('inc-42-l0-p1'),
      })
      .then(res => res);
    await eventually(() => emulator.state.latency.held().length === 1);
    await request(emulator.app)
      .get('/_emulator/latency')
      .expect(200, {
        delays: { 'message/send': 200 },
        waiting: { 'message/send': 1 },
        held: [{ api: 'message/send', taskId: 'inc-42-l0-p1' }],
      });
    expect((await sent).body.errcode).toBe(0);
    expect(emulator.state.latency.held()).toEqual([]);
  });

  it('delivers a slowed send even when its caller hung up meanwhile, as WeCom would', async () => {
    const emulator = await startEmulator({
      corps: [testCorp()],
      clock: () => START,
      latencyMs: { 'message/send': 300 },
    });
    try {
      const token = await tokenFor(emulator);
      const hangUp = new AbortController();
      const aborted = fetch(
        `${emulator.url}/cgi-bin/message/send?access_token=${token}`,
        {
          method: 'POST',
          body: JSON.stringify(textTo('bob')),
          signal: hangUp.signal,
        },
      );
      // The caller hangs up once the send is held, before it is delivered.
      await eventually(
        () => emulator.state.latency.waiting()['message/send'] === 1,
      );
      hangUp.abort();
      await expect(aborted).rejects.toThrow();
      expect(emulator.messagesTo('bob', CORP_ID)).toHaveLength(0);

      await eventually(() => emulator.messagesTo('bob', CORP_ID).length > 0);
      expect(emulator.messagesTo('bob', CORP_ID)).toHaveLength(1);
    } finally {
      await emulator.close();
    }
  });

  it('reads per-API delays, or * for every API, from the options file', () => {
    const options = emulatorOptionsSchema.parse({
      latencyMs: { 'message/send': 1500, '*': 20 },
    });
    const emulator = testEmulator(options);
    expect(emulator.state.latency.of('message/send')).toBe(1500);
    expect(emulator.state.latency.of('gettoken')).toBe(20);
    expect(() =>
      emulatorOptionsSchema.parse({ latencyMs: { 'message/send': -1 } }),
    ).toThrow();
  });
});

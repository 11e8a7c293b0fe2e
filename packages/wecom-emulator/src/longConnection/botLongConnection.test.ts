import { createDecipheriv } from 'node:crypto';
import WebSocket from 'ws';
import { START, testCorp } from '../__testUtils__/fixtures';
import { startEmulator, type RunningEmulator } from '../server';

const BOT = {
  botId: 'aibtest01',
  token: 'botToken',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  botSecret: 'the-bot-secret',
};

type Frame = {
  cmd?: string;
  headers: { req_id: string };
  body?: any;
  errcode?: number;
  errmsg?: string;
};

/** A bare WebSocket client speaking the protocol, as the SDK would. */
class TestBot {
  readonly frames: Frame[] = [];
  readonly #waiters: Array<() => void> = [];
  closed = false;
  #seq = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', data => {
      this.frames.push(JSON.parse(data.toString()));
      this.#waiters.splice(0).forEach(wake => wake());
    });
    socket.on('close', () => {
      this.closed = true;
      this.#waiters.splice(0).forEach(wake => wake());
    });
  }

  static async open(url: string): Promise<TestBot> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new TestBot(socket);
  }

  /** Sends a frame and resolves with WeCom's ack (same req_id, no cmd). */
  async send(cmd: string, body?: object, reqId?: string): Promise<Frame> {
    const id = reqId ?? `${cmd}_${++this.#seq}`;
    const from = this.frames.length;
    this.socket.send(JSON.stringify({ cmd, headers: { req_id: id }, body }));
    return this.next(f => !f.cmd && f.headers.req_id === id, from);
  }

  subscribe(secret = BOT.botSecret, botId = BOT.botId) {
    return this.send('aibot_subscribe', { bot_id: botId, secret });
  }

  /** The first frame from index `from` (seen or still to come) that matches. */
  async next(match: (frame: Frame) => boolean, from = 0): Promise<Frame> {
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (this.closed) throw new Error('socket closed');
      await new Promise<void>(resolve => this.#waiters.push(resolve));
    }
  }

  close() {
    this.socket.close();
  }
}

describe('the smart bot long connection', () => {
  let emulator: RunningEmulator;
  const bots: TestBot[] = [];
  const openBot = async () => {
    const bot = await TestBot.open(emulator.botWsUrl);
    bots.push(bot);
    return bot;
  };
  const control = async (path: string, body: object) => {
    const res = await fetch(`${emulator.url}/_emulator${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const botState = async () =>
    (await fetch(`${emulator.url}/_emulator/bot`)).json();

  beforeEach(async () => {
    emulator = await startEmulator({
      corps: [testCorp({ bot: BOT })],
      clock: () => START,
    });
  });
  afterEach(async () => {
    bots.splice(0).forEach(bot => bot.close());
    await emulator.close();
  });

  it('subscribes a bot with its id and Secret, acks pings, and refuses a wrong Secret or an unknown bot', async () => {
    const impostor = await openBot();
    expect(await impostor.subscribe('not-the-secret')).toMatchObject({
      errcode: 40001,
      errmsg: 'invalid bot secret',
    });
    expect((await impostor.subscribe('x', 'aibnobody')).errcode).not.toBe(0);
    expect((await impostor.send('ping')).errcode).not.toBe(0);

    const bot = await openBot();
    expect(await bot.subscribe()).toMatchObject({ errcode: 0 });
    expect(await bot.send('ping')).toMatchObject({ errcode: 0 });

    const { wsConnections } = await botState();
    expect(wsConnections).toEqual([
      expect.objectContaining({ refusals: 2, pings: 0 }),
      expect.objectContaining({ botId: BOT.botId, pings: 1 }),
    ]);
    expect(wsConnections[0].botId).toBeUndefined();
    expect(emulator.summary().bot.wsConnections).toBe(1);
  });

  it('pushes a member’s message and records the streamed answer until it finishes', async () => {
    const bot = await openBot();
    await bot.subscribe();

    const pushed = await control('/bot/ws/message', {
      from: 'alice',
      chatid: 'INC1warroom',
      text: '@bot what is happening?',
    });
    expect(pushed.status).toBe(200);
    const { reqId } = pushed.body;
    const frame = await bot.next(f => f.headers.req_id === reqId);
    expect(frame).toMatchObject({
      cmd: 'aibot_msg_callback',
      body: {
        msgid: pushed.body.msgid,
        aibotid: BOT.botId,
        chatid: 'INC1warroom',
        chattype: 'group',
        from: { userid: 'alice' },
        msgtype: 'text',
        text: { content: '@bot what is happening?' },
      },
    });

    const stream = (content: string, finish: boolean) =>
      bot.send(
        'aibot_respond_msg',
        { msgtype: 'stream', stream: { id: 'stream-1', content, finish } },
        reqId,
      );
    expect((await stream('Looking…', false)).errcode).toBe(0);
    expect((await stream('Checkout is slow.', true)).errcode).toBe(0);
    // A finished stream takes no more updates.
    expect((await stream('More?', false)).errcode).not.toBe(0);
    // Replies must answer a frame WeCom pushed.
    expect(
      (
        await bot.send(
          'aibot_respond_msg',
          { msgtype: 'stream', stream: { id: 's2', content: 'x' } },
          'made-up',
        )
      ).errcode,
    ).not.toBe(0);

    const state = await botState();
    expect(state.wsStreams).toEqual([
      expect.objectContaining({
        id: 'stream-1',
        reqId,
        content: 'Checkout is slow.',
        finished: true,
        updates: 2,
      }),
    ]);
    expect(
      state.wsReplies
        .filter((r: any) => r.reqId === reqId && r.errcode === 0)
        .map((r: any) => r.body.stream.content),
    ).toEqual(['Looking…', 'Checkout is slow.']);
    expect(state.wsPushes).toEqual([
      expect.objectContaining({ reqId, cmd: 'aibot_msg_callback' }),
    ]);
  });

  it('hands out long-connection media encrypted with the message’s own aeskey', async () => {
    const bot = await openBot();
    await bot.subscribe();
    const original = Buffer.from('PNG… the latency graph');
    const hosted = await control('/media', {
      base64: original.toString('base64'),
      longConnection: true,
    });
    const { url, aeskey } = hosted.body;
    const { reqId } = (
      await control('/bot/ws/message', { from: 'bob', imageUrl: url, aeskey })
    ).body;
    const frame = await bot.next(f => f.headers.req_id === reqId);
    expect(frame.body).toMatchObject({
      msgtype: 'image',
      image: { url, aeskey },
    });

    const encrypted = Buffer.from(await (await fetch(url)).arrayBuffer());
    const key = Buffer.from(aeskey, 'base64');
    expect(key).toHaveLength(32);
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const padded = Buffer.concat([
      decipher.update(encrypted),
      decipher.final(),
    ]);
    expect(
      padded.subarray(0, padded.length - padded[padded.length - 1]),
    ).toEqual(original);
  });

  it('takes one welcome within 5 seconds of enter_chat', async () => {
    const bot = await openBot();
    await bot.subscribe();
    const welcome = async (reqId: string) =>
      (
        await bot.send(
          'aibot_respond_welcome_msg',
          { msgtype: 'text', text: { content: 'Hi!' } },
          reqId,
        )
      ).errcode;

    const first = await control('/bot/ws/event', { from: 'alice' });
    const frame = await bot.next(f => f.headers.req_id === first.body.reqId);
    expect(frame).toMatchObject({
      cmd: 'aibot_event_callback',
      body: { msgtype: 'event', event: { eventtype: 'enter_chat' } },
    });
    expect(await welcome(first.body.reqId)).toBe(0);
    expect(await welcome(first.body.reqId)).not.toBe(0);

    const late = await control('/bot/ws/event', { from: 'bob' });
    emulator.advanceClock(6);
    expect(await welcome(late.body.reqId)).not.toBe(0);
  });

  it('keeps one connection per bot: the older one is told and closed', async () => {
    const older = await openBot();
    await older.subscribe();
    const newer = await openBot();
    await newer.subscribe();

    const notice = await older.next(f => f.cmd === 'aibot_event_callback');
    expect(notice.body.event).toEqual({ eventtype: 'disconnected_event' });
    await older.next(() => older.closed).catch(() => undefined);
    expect(older.closed).toBe(true);

    const { reqId } = (
      await control('/bot/ws/message', { from: 'alice', text: 'hi' })
    ).body;
    await newer.next(f => f.headers.req_id === reqId);
    const { wsConnections } = await botState();
    expect(wsConnections[0]).toMatchObject({
      closeReason: 'replaced by a newer connection',
    });
    expect(wsConnections[1].closedAt).toBeUndefined();
  });

  it('says so when a message is pushed to a bot nobody connected, and refuses other paths', async () => {
    const refused = await control('/bot/ws/message', {
      from: 'alice',
      text: 'hi',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/has no long connection/);

    const elsewhere = new WebSocket(
      `${emulator.url.replace('http', 'ws')}/other`,
    );
    const error = await new Promise<Error>(resolve =>
      elsewhere.once('error', resolve),
    );
    expect(error.message).toMatch(/404/);
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import { WeComBotMessage } from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../../__testUtils__/databases';
import { applyMigrations } from '../../database/migrations';
import { BotCallbackHandler, toInboundMessage } from './BotCallbackHandler';
import { DatabaseBotStreamStore } from './DatabaseBotStreamStore';
import {
  ANSWER_POSTED_NOTE,
  INTERRUPTED_NOTE,
  THINKING,
  UNKNOWN_STREAM_NOTE,
} from './botTexts';
import { BotAnswerSink, BotConversation, BotInboundMessage } from './types';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const T0 = DateTime.fromISO('2026-11-28T09:00:00.000Z', { zone: 'utc' });

/** Retries `check` while a background write lands. */
async function eventually(check: () => Promise<void>) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await check();
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }
}

/** A conversation the test drives: each message waits for `finish`. */
class ScriptedConversation implements BotConversation {
  readonly received: BotInboundMessage[] = [];
  private readonly pending = new Map<
    string,
    { sink: BotAnswerSink; done: () => void }
  >();

  constructor(private readonly instant?: (m: BotInboundMessage) => string) {}

  async handle(message: BotInboundMessage, sink: BotAnswerSink) {
    this.received.push(message);
    if (this.instant) {
      await sink.update(this.instant(message), true);
      return;
    }
    await sink.update(`Looking at ${message.text}…`, false);
    await new Promise<void>(done =>
      this.pending.set(message.msgId, { sink, done }),
    );
  }

  async grow(msgId: string, text: string) {
    await this.pending.get(msgId)!.sink.update(text, false);
  }

  async finish(msgId: string, text: string) {
    const { sink, done } = this.pending.get(msgId)!;
    await sink.update(text, true);
    done();
  }
}

function botMessage(overrides: Partial<WeComBotMessage> = {}): WeComBotMessage {
  return {
    integrationId: 'acme',
    msgId: 'msg-1',
    botId: 'bot1',
    chatType: 'group',
    chatId: 'wr1',
    fromUserId: 'ZhangSan',
    responseUrl:
      'https://wecom.example/cgi-bin/aibot/response?response_code=RC1',
    msgType: 'text',
    text: '@bot what is happening?',
    mediaUrls: [],
    raw: {},
    ...overrides,
  };
}

const refresh = (streamId: string): WeComBotMessage =>
  botMessage({
    msgId: `r-${streamId}`,
    msgType: 'stream',
    streamId,
    text: undefined,
  });

describe.each(databases.eachSupportedId())('BotCallbackHandler on %p', id => {
  let knex: Awaited<ReturnType<typeof databases.init>>;
  let store: DatabaseBotStreamStore;
  let now: DateTime;
  let posted: Array<{ url: string; markdown: string }>;
  let responseUrlFailure: Error | undefined;
  let messaged: Array<{
    integrationId: string;
    userid: string;
    markdown: string;
  }>;
  const handlers: BotCallbackHandler[] = [];

  const replica = (
    conversation: BotConversation,
    timings: { firstReplyWaitMs: number } = { firstReplyWaitMs: 50 },
  ) => {
    const handler = new BotCallbackHandler({
      conversation,
      streams: store,
      responses: {
        postMarkdown: async (_integrationId, url, markdown) => {
          if (responseUrlFailure) throw responseUrlFailure;
          posted.push({ url, markdown });
        },
      },
      askers: {
        sendMarkdown: async (integrationId, userid, markdown) => {
          messaged.push({ integrationId, userid, markdown });
        },
      },
      logger: mockServices.logger.mock(),
      timings: { ...timings, writeIntervalMs: 0 },
      now: () => now,
    });
    handlers.push(handler);
    return handler;
  };

  beforeAll(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
    store = new DatabaseBotStreamStore(knex);
  });
  beforeEach(async () => {
    now = T0;
    posted = [];
    responseUrlFailure = undefined;
    messaged = [];
    await knex('wecom_bot_streams').delete();
  });
  afterEach(async () => {
    await Promise.all(handlers.splice(0).map(h => h.stop()));
  });
  afterAll(() => knex.destroy());

  it('answers a quick answer finished in the first reply', async () => {
    // The first reply waits for an answer that is ready in time, however
    // slow the machine: the wait ends as soon as it finishes.
    const handler = replica(new ScriptedConversation(m => `Echo: ${m.text}`), {
      firstReplyWaitMs: 10_000,
    });
    const reply = (await handler.handle(botMessage())) as any;
    expect(reply).toEqual({
      msgtype: 'stream',
      stream: {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        finish: true,
        content: 'Echo: @bot what is happening?',
      },
    });
    const row = await store.get('acme', reply.stream.id);
    expect(row).toMatchObject({ finished: true, chatKey: 'group:wr1' });
    expect(row!.deliveredAt).toBeDefined();
  });

  it('streams a slow answer that any replica can refresh, until it finishes', async () => {
    const conversation = new ScriptedConversation();
    const first = replica(conversation);
    const second = replica(new ScriptedConversation(() => 'never used'));

    const opened = (await first.handle(botMessage())) as any;
    expect(opened.stream).toMatchObject({
      finish: false,
      content: 'Looking at @bot what is happening?…',
    });
    const streamId = opened.stream.id;

    await conversation.grow('msg-1', 'The 5xx rate');
    // The replica that answers reads its own answer from memory…
    expect(((await first.handle(refresh(streamId))) as any).stream).toEqual({
      id: streamId,
      finish: false,
      content: 'The 5xx rate',
    });
    // …another reads what was stored.
    await eventually(async () => {
      expect(((await second.handle(refresh(streamId))) as any).stream).toEqual({
        id: streamId,
        finish: false,
        content: 'The 5xx rate',
      });
    });

    await conversation.finish('msg-1', 'The 5xx rate rose at 09:00.');
    expect(((await second.handle(refresh(streamId))) as any).stream).toEqual({
      id: streamId,
      finish: true,
      content: 'The 5xx rate rose at 09:00.',
    });
    expect(conversation.received[0]).toMatchObject({
      integrationId: 'acme',
      chatType: 'group',
      chatId: 'wr1',
      fromUserId: 'ZhangSan',
      transport: 'callback',
    });
    // Answered in time: nothing goes to the response URL.
    await first.deliverLateAnswers();
    expect(posted).toEqual([]);
  });

  it('finishes a stream whose replica died with a note, keeping what it had', async () => {
    await store.createOnce(
      {
        streamId: 'dead',
        integrationId: 'acme',
        msgId: 'm-dead',
        chatKey: 'group:wr1',
        fromUserId: 'ZhangSan',
        owner: 'replica-that-died',
      },
      T0,
    );
    await store.write('dead', 'Half an answer', false, T0);
    const handler = replica(new ScriptedConversation());

    // Within the heartbeat's grace period it is still being answered.
    now = T0.plus({ seconds: 20 });
    expect(((await handler.handle(refresh('dead'))) as any).stream).toEqual({
      id: 'dead',
      finish: false,
      content: 'Half an answer',
    });

    now = T0.plus({ seconds: 45 });
    expect(((await handler.handle(refresh('dead'))) as any).stream).toEqual({
      id: 'dead',
      finish: true,
      content: `Half an answer\n\n${INTERRUPTED_NOTE}`,
    });
  });

  it("answers WeCom's repeat of a message from its stream, on any replica, asking once", async () => {
    const conversation = new ScriptedConversation();
    const first = replica(conversation);
    const otherConversation = new ScriptedConversation(() => 'asked twice');
    const second = replica(otherConversation);

    const opened = (await first.handle(botMessage())) as any;
    // The reply was lost on its way; WeCom sends the message again, here
    // to another replica.
    const repeat = (await second.handle(botMessage())) as any;
    expect(repeat.stream).toEqual({
      id: opened.stream.id,
      finish: false,
      content: 'Looking at @bot what is happening?…',
    });
    await conversation.finish('msg-1', 'The 5xx rate rose at 09:00.');
    expect(((await second.handle(botMessage())) as any).stream).toEqual({
      id: opened.stream.id,
      finish: true,
      content: 'The 5xx rate rose at 09:00.',
    });
    expect(conversation.received).toHaveLength(1);
    expect(otherConversation.received).toEqual([]);
  });

  it('lets the retry of a message whose start failed start it afresh', async () => {
    let failures = 1;
    const flaky = Object.create(store) as DatabaseBotStreamStore;
    flaky.countUnfinished = async (...args) => {
      if (failures-- > 0) throw new Error('connection reset');
      return store.countUnfinished(...args);
    };
    const conversation = new ScriptedConversation(m => `Echo: ${m.text}`);
    const handler = new BotCallbackHandler({
      conversation,
      streams: flaky,
      responses: { postMarkdown: async () => {} },
      logger: mockServices.logger.mock(),
      timings: { firstReplyWaitMs: 10_000, writeIntervalMs: 0 },
      now: () => now,
    });
    handlers.push(handler);

    await expect(handler.handle(botMessage())).rejects.toThrow(
      'connection reset',
    );
    const retry = (await handler.handle(botMessage())) as any;
    expect(retry.stream).toMatchObject({
      finish: true,
      content: 'Echo: @bot what is happening?',
    });
    const [{ n }] = await knex('wecom_bot_streams').count({ n: '*' });
    expect(Number(n)).toBe(1);
  });

  it("answers a refresh of another member's stream as unknown", async () => {
    const conversation = new ScriptedConversation();
    const handler = replica(conversation);
    const opened = (await handler.handle(botMessage())) as any;
    await conversation.grow('msg-1', 'Private details of the answer');
    const streamId = opened.stream.id;
    for (const other of [
      { ...refresh(streamId), fromUserId: 'LiSi' },
      { ...refresh(streamId), chatId: 'another-chat' },
    ]) {
      expect(((await handler.handle(other)) as any).stream).toEqual({
        id: streamId,
        finish: true,
        content: UNKNOWN_STREAM_NOTE,
      });
    }
    // The asker still gets it.
    expect(
      ((await handler.handle(refresh(streamId))) as any).stream.content,
    ).toBe('Private details of the answer');
  });

  it('finishes an unknown stream with a short note', async () => {
    const handler = replica(new ScriptedConversation());
    expect(((await handler.handle(refresh('nope'))) as any).stream).toEqual({
      id: 'nope',
      finish: true,
      content: UNKNOWN_STREAM_NOTE,
    });
  });

  it('welcomes a member who opens the chat, and ignores other events', async () => {
    const handler = replica(new ScriptedConversation());
    const welcome = (await handler.handle(
      botMessage({
        msgType: 'event',
        eventType: 'enter_chat',
        text: undefined,
      }),
    )) as any;
    expect(welcome.msgtype).toBe('text');
    expect(welcome.text.content).toContain('help');
    expect(
      await handler.handle(
        botMessage({ msgType: 'event', eventType: 'feedback_event' }),
      ),
    ).toBeUndefined();
    expect(
      await handler.handle(botMessage({ msgType: 'location' })),
    ).toBeUndefined();
  });

  it('answers a fourth question of one member with a wait note', async () => {
    const conversation = new ScriptedConversation();
    const handler = replica(conversation);
    for (const msgId of ['a', 'b', 'c']) {
      expect(
        ((await handler.handle(botMessage({ msgId }))) as any).stream.finish,
      ).toBe(false);
    }
    const fourth = (await handler.handle(botMessage({ msgId: 'd' }))) as any;
    expect(fourth.stream.finish).toBe(true);
    expect(fourth.stream.content).toContain('You already have 3 questions');
    expect(conversation.received.map(m => m.msgId)).toEqual(['a', 'b', 'c']);
    // WeCom's repeat of the fourth gets the same note, not a fresh try.
    const repeated = (await handler.handle(botMessage({ msgId: 'd' }))) as any;
    expect(repeated.stream).toEqual(fourth.stream);

    // Others are not limited by ZhangSan's questions.
    const other = (await handler.handle(
      botMessage({ msgId: 'e', fromUserId: 'LiSi' }),
    )) as any;
    expect(other.stream.finish).toBe(false);
    // Once one finishes, ZhangSan may ask again.
    await conversation.finish('a', 'done');
    expect(
      ((await handler.handle(botMessage({ msgId: 'f' }))) as any).stream.finish,
    ).toBe(false);
  });

  it('posts an answer that finishes after the 6 minutes to the response URL, once', async () => {
    const conversation = new ScriptedConversation();
    const handler = replica(conversation);
    const opened = (await handler.handle(botMessage())) as any;

    now = T0.plus({ minutes: 7 });
    await conversation.finish('msg-1', 'A slow but complete answer');
    expect(posted).toEqual([
      {
        url: 'https://wecom.example/cgi-bin/aibot/response?response_code=RC1',
        markdown: 'A slow but complete answer',
      },
    ]);
    await handler.deliverLateAnswers();
    await replica(new ScriptedConversation()).deliverLateAnswers();
    expect(posted).toHaveLength(1);
    expect((await store.get('acme', opened.stream.id))!.postedAt).toBeDefined();
  });

  it('does not show a late answer in the stream too when a last refresh comes after it was posted', async () => {
    const conversation = new ScriptedConversation();
    const handler = replica(conversation);
    const opened = (await handler.handle(botMessage())) as any;

    now = T0.plus({ minutes: 6, seconds: 1 });
    await conversation.finish('msg-1', 'A slow but complete answer');
    expect(posted.map(p => p.markdown)).toEqual(['A slow but complete answer']);

    // WeCom's last refresh of the stream, on another replica, just after.
    const last = (await replica(new ScriptedConversation()).handle(
      refresh(opened.stream.id),
    )) as any;
    expect(last.stream.finish).toBe(true);
    expect(last.stream.content).not.toContain('A slow but complete answer');
    expect(last.stream.content).toBe(ANSWER_POSTED_NOTE);
  });

  it('sends a late answer to the asker as a new message when its response URL fails (taken as expired)', async () => {
    // How long a response_url stays valid is not documented: any failure
    // to post to it counts as "expired", and the answer still arrives.
    responseUrlFailure = new Error('errcode 93000: invalid response_code');
    const conversation = new ScriptedConversation();
    const handler = replica(conversation);
    await handler.handle(botMessage());

    now = T0.plus({ minutes: 7 });
    await conversation.finish('msg-1', 'A slow but complete answer');
    expect(posted).toEqual([]);
    expect(messaged).toEqual([
      {
        integrationId: 'acme',
        userid: 'ZhangSan',
        markdown: 'A slow but complete answer',
      },
    ]);
    // Once: the sweep does not send it again.
    await handler.deliverLateAnswers();
    expect(messaged).toHaveLength(1);
  });

  it('sweeps an answer finished just as WeCom stopped asking', async () => {
    // Finished in the window, but no refresh came to deliver it.
    await store.createOnce(
      {
        streamId: 'missed',
        integrationId: 'acme',
        msgId: 'm',
        chatKey: 'single:ZhangSan',
        fromUserId: 'ZhangSan',
        owner: 'x',
        responseUrl: 'https://wecom.example/r?response_code=RC2',
      },
      T0,
    );
    await store.write(
      'missed',
      'Finished at 5:59',
      true,
      T0.plus({ minutes: 5 }),
    );
    const handler = replica(new ScriptedConversation());
    await handler.deliverLateAnswers();
    expect(posted).toEqual([]); // WeCom may still refresh it
    now = T0.plus({ minutes: 7 });
    await handler.deliverLateAnswers();
    expect(posted.map(p => p.markdown)).toEqual(['Finished at 5:59']);
  });

  it('finishes its answers in progress with a note when it stops', async () => {
    const conversation = new ScriptedConversation();
    const handler = replica(conversation);
    const opened = (await handler.handle(botMessage())) as any;
    await handler.stop();
    expect(await store.get('acme', opened.stream.id)).toMatchObject({
      finished: true,
      content: `Looking at @bot what is happening?…\n\n${INTERRUPTED_NOTE}`,
    });
  });

  it('says it is thinking while nothing of the answer exists yet', async () => {
    const silent: BotConversation = { handle: () => new Promise(() => {}) };
    const handler = replica(silent);
    const opened = (await handler.handle(botMessage())) as any;
    expect(opened.stream).toMatchObject({ finish: false, content: THINKING });
    expect(
      ((await handler.handle(refresh(opened.stream.id))) as any).stream.content,
    ).toBe(THINKING);
  });
});

describe('toInboundMessage', () => {
  it('keeps what the conversation needs and marks files as files', () => {
    expect(
      toInboundMessage(
        botMessage({
          msgType: 'file',
          text: undefined,
          mediaUrls: ['https://wecom.example/f'],
          chatType: 'single',
          chatId: undefined,
        }),
      ),
    ).toEqual({
      integrationId: 'acme',
      msgId: 'msg-1',
      chatType: 'single',
      fromUserId: 'ZhangSan',
      media: [{ kind: 'file', url: 'https://wecom.example/f' }],
      responseUrl:
        'https://wecom.example/cgi-bin/aibot/response?response_code=RC1',
      transport: 'callback',
    });
    expect(
      toInboundMessage(
        botMessage({
          msgType: 'mixed',
          mediaUrls: ['https://wecom.example/i'],
        }),
      ).media,
    ).toEqual([{ kind: 'image', url: 'https://wecom.example/i' }]);
  });
});

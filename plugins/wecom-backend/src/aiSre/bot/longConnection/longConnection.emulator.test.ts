import {
  DEMO_BOT_ID,
  DEMO_BOT_SECRET,
  RunningEmulator,
  demoEmulatorOptions,
  startEmulator,
} from 'wecom-emulator';
import { createTestDatabases } from '../../../__testUtils__/databases';
import { RecordingLogger } from '../../../__testUtils__/recordingLogger';
import { CallbackReceiptStore } from '../../../callbacks/CallbackReceiptStore';
import { applyMigrations } from '../../../database/migrations';
import { AllowedHosts } from '../../../integrations/allowedHosts';
import { WeComIntegration } from '../../../integrations/types';
import { BotAnswerSink, BotConversation, BotInboundMessage } from '../types';
import { BotConnectionLock } from './BotConnectionLock';
import { LongConnectionManager } from './LongConnectionManager';

jest.setTimeout(60_000);

/** Waits until `check` passes: the socket work happens after each call. */
async function eventually(check: () => void, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }
}

const databases = createTestDatabases();

/** Short enough for a test, in the same proportions as production. */
const TIMING = {
  lockIntervalMs: 100,
  leaseTtlMs: 600,
  throttleMs: 20,
  welcomeTimeoutMs: 1000,
  stopGraceMs: 500,
};
const SDK = { reconnectInterval: 50, maxAuthFailureAttempts: 1 };

/** The conversation, reduced to what a transport must carry. */
class ScriptedConversation implements BotConversation {
  readonly messages: BotInboundMessage[] = [];

  async handle(message: BotInboundMessage, sink: BotAnswerSink) {
    this.messages.push(message);
    if (message.eventType === 'enter_chat') {
      await sink.update('Welcome to the incident bot.', true);
      return;
    }
    let answer = '';
    for (const part of [
      'Checkout is slow.',
      ' Started 09:00.',
      ' Owner: payments.',
    ]) {
      answer += part;
      await sink.update(answer, false);
      await new Promise(resolve => setTimeout(resolve, 30));
    }
    await sink.update(`${answer}\n\nDone.`, true);
  }
}

describe.each(databases.eachSupportedId())(
  'the smart bot long connection on %p',
  databaseId => {
    let emulator: RunningEmulator;
    let knex: Awaited<ReturnType<typeof databases.init>>;
    let logger: RecordingLogger;
    let conversation: ScriptedConversation;
    const managers: LongConnectionManager[] = [];

    const integration = (secret = DEMO_BOT_SECRET): WeComIntegration => ({
      id: 'demo',
      name: 'Demo',
      mode: 'customApp',
      corpId: 'wwdemo',
      apiBaseUrl: emulator.url,
      warRoom: { enabled: false },
      source: 'config',
      bot: {
        mode: 'longConnection',
        botId: DEMO_BOT_ID,
        secret,
        wsUrl: emulator.botWsUrl,
      },
    });

    const startManager = async (
      holder: string,
      options: {
        secret?: string;
        releaseOnStop?: boolean;
        integrations?: WeComIntegration[];
      } = {},
    ) => {
      const lock = new BotConnectionLock(knex);
      const manager = new LongConnectionManager({
        integrations: {
          list: async () =>
            options.integrations ?? [integration(options.secret)],
          onChange: () => {},
        },
        // WeCom's public hosts only, as without wecom.allowedApiHosts.
        allowedHosts: AllowedHosts.of(undefined, { integrations: [] }),
        // A killed replica never gets to release its lease.
        lock:
          options.releaseOnStop === false
            ? { acquire: lock.acquire.bind(lock), release: async () => {} }
            : lock,
        conversation,
        receipts: new CallbackReceiptStore(knex),
        logger: logger.child({ replica: holder }),
        holder,
        timing: TIMING,
        sdk: SDK,
      });
      managers.push(manager);
      await manager.start();
      return manager;
    };

    const openConnections = () =>
      emulator.state.bot.wsConnections.filter(
        c => c.authenticatedAt && !c.closedAt,
      );
    const connected = () =>
      eventually(() => expect(openConnections()).toHaveLength(1));
    const repliesTo = (reqId: string) =>
      emulator.state.bot.wsReplies.filter(r => r.reqId === reqId);

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await applyMigrations(knex);
    });
    beforeEach(async () => {
      await knex('wecom_bot_connection_locks').delete();
      logger = new RecordingLogger();
      conversation = new ScriptedConversation();
      emulator = await startEmulator(demoEmulatorOptions());
    });
    afterEach(async () => {
      await Promise.all(managers.splice(0).map(m => m.stop()));
      await emulator.close();
      // The bot Secret is never logged, whatever happened.
      const leaked = logger.lines.filter(line =>
        line.text.includes(DEMO_BOT_SECRET),
      );
      if (leaked.length) {
        throw new Error(`The bot Secret was logged: ${leaked[0].message}`);
      }
    });
    afterAll(() => knex.destroy());

    it('streams the answer to a message as aibot_respond_msg frames that end with finish', async () => {
      await startManager('replica-a');
      await connected();

      const { reqId, msgid } = emulator.sendBotWsMessage({
        from: 'JohnDoe',
        chatid: 'wrINC42',
        text: '@bot what is happening?',
      });

      await eventually(() =>
        expect(repliesTo(reqId).at(-1)?.body).toMatchObject({
          stream: { finish: true },
        }),
      );
      const replies = repliesTo(reqId);
      expect(replies.every(r => r.cmd === 'aibot_respond_msg')).toBe(true);
      expect(replies.every(r => r.errcode === 0)).toBe(true);
      const streams = replies.map(r => r.body.stream as any);
      expect(new Set(streams.map(s => s.id)).size).toBe(1);
      // Whole content each time, growing, finished once and last.
      expect(streams.length).toBeGreaterThanOrEqual(2);
      expect(streams.filter(s => s.finish)).toHaveLength(1);
      expect(streams.at(-1)).toMatchObject({
        finish: true,
        content: 'Checkout is slow. Started 09:00. Owner: payments.\n\nDone.',
      });
      streams
        .slice(1)
        .forEach((s, i) =>
          expect(s.content.startsWith(streams[i].content)).toBe(true),
        );

      expect(conversation.messages).toEqual([
        {
          integrationId: 'demo',
          msgId: msgid,
          chatType: 'group',
          chatId: 'wrINC42',
          fromUserId: 'JohnDoe',
          text: '@bot what is happening?',
          media: [],
          responseUrl: expect.stringContaining('/cgi-bin/aibot/response'),
          transport: 'longConnection',
        },
      ]);
    });

    it('passes an image on with the message’s own aeskey', async () => {
      await startManager('replica-a');
      await connected();
      const { url, aeskey } = emulator.hostLongConnectionMedia(
        Buffer.from('PNG… latency graph'),
      );

      const { reqId } = emulator.sendBotWsMessage({
        from: 'JohnDoe',
        imageUrl: url,
        aeskey,
      });

      await eventually(() => expect(conversation.messages).toHaveLength(1));
      expect(conversation.messages[0]).toMatchObject({
        chatType: 'single',
        media: [{ kind: 'image', url, aesKey: aeskey }],
      });
      await eventually(() =>
        expect(repliesTo(reqId).at(-1)?.body).toMatchObject({
          stream: { finish: true },
        }),
      );
    });

    it('welcomes a member who opens the chat', async () => {
      await startManager('replica-a');
      await connected();

      const { reqId } = emulator.sendBotWsEvent({ from: 'JohnDoe' });

      await eventually(() =>
        expect(repliesTo(reqId)).toEqual([
          expect.objectContaining({
            cmd: 'aibot_respond_welcome_msg',
            errcode: 0,
            body: {
              msgtype: 'text',
              text: { content: 'Welcome to the incident bot.' },
            },
          }),
        ]),
      );
      expect(conversation.messages[0]).toMatchObject({
        eventType: 'enter_chat',
        fromUserId: 'JohnDoe',
        transport: 'longConnection',
      });
    });

    it('answers a message WeCom delivers twice only once', async () => {
      await startManager('replica-a');
      await connected();

      const first = emulator.sendBotWsMessage({
        from: 'JohnDoe',
        text: 'hi',
        msgid: 'msg-twice',
      });
      const again = emulator.sendBotWsMessage({
        from: 'JohnDoe',
        text: 'hi',
        msgid: 'msg-twice',
      });

      await eventually(() =>
        expect(
          logger.lines.some(line =>
            line.message.includes('Ignoring a repeated bot message'),
          ),
        ).toBe(true),
      );
      await eventually(() =>
        expect(
          repliesTo(first.reqId).length + repliesTo(again.reqId).length,
        ).toBeGreaterThan(0),
      );
      const answered = [first.reqId, again.reqId].filter(
        reqId => repliesTo(reqId).length > 0,
      );
      expect(answered).toHaveLength(1);
      expect(conversation.messages).toHaveLength(1);
    });

    it('opens exactly one connection with two replicas on one database', async () => {
      const a = await startManager('replica-a');
      const b = await startManager('replica-b');
      await connected();

      // Several renewal rounds later, still one holder and one socket.
      await new Promise(resolve =>
        setTimeout(resolve, 8 * TIMING.lockIntervalMs),
      );
      expect([...a.heldIntegrations(), ...b.heldIntegrations()]).toEqual([
        'demo',
      ]);
      expect(
        emulator.state.bot.wsConnections.filter(c => c.authenticatedAt),
      ).toHaveLength(1);
      expect(openConnections()).toHaveLength(1);
    });

    it('lets another replica take over within the lease when the holder is killed', async () => {
      const killed = await startManager('replica-a', { releaseOnStop: false });
      await connected();
      const survivor = await startManager('replica-b');
      expect(survivor.heldIntegrations()).toEqual([]);

      // Killed: its socket drops, its lease stays until it expires.
      await killed.stop();
      const lease = await new BotConnectionLock(knex).lease('demo');
      expect(lease?.holder).toBe('replica-a');

      await eventually(() =>
        expect(survivor.heldIntegrations()).toEqual(['demo']),
      );
      await connected();
      expect(
        emulator.state.bot.wsConnections.filter(c => c.authenticatedAt),
      ).toHaveLength(2);

      // The new holder answers.
      const { reqId } = emulator.sendBotWsMessage({
        from: 'JohnDoe',
        text: 'still there?',
      });
      await eventually(() =>
        expect(repliesTo(reqId).at(-1)?.body).toMatchObject({
          stream: { finish: true },
        }),
      );
    });

    it('does not connect a stored bot whose wsUrl is outside the allowed hosts (saved before the allow-list), and says why once', async () => {
      // Stored before wecom.allowedApiHosts existed: its wsUrl points at a
      // host the allow-list does not name, which would get the bot Secret.
      const legacy: WeComIntegration = {
        ...integration(),
        id: 'legacy',
        source: 'database',
      };
      const manager = await startManager('replica-a', {
        integrations: [legacy, integration()],
      });
      // The app-config bot (same host, trusted) connects...
      await connected();

      // ...the stored one takes no lease and opens no socket.
      expect(manager.heldIntegrations()).toEqual(['demo']);
      expect(await new BotConnectionLock(knex).lease('legacy')).toBeUndefined();
      expect(emulator.state.bot.wsConnections).toHaveLength(1);
      const host = new URL(emulator.botWsUrl).host;
      const refusals = () =>
        logger.lines.filter(line =>
          line.message.startsWith(
            `The smart bot's long connection of integration "legacy" is not opened: bot.wsUrl: ${host} is not an allowed WeCom host`,
          ),
        );
      expect(refusals()).toEqual([expect.objectContaining({ level: 'error' })]);

      // Said once, not every round.
      await new Promise(resolve =>
        setTimeout(resolve, 4 * TIMING.lockIntervalMs),
      );
      expect(refusals()).toHaveLength(1);
      expect(emulator.state.bot.wsConnections).toHaveLength(1);
    });

    it('logs a clear error and keeps running when WeCom refuses the bot Secret', async () => {
      const manager = await startManager('replica-a', {
        secret: 'not-the-bot-secret',
      });

      await eventually(() =>
        expect(logger.lines).toContainEqual(
          expect.objectContaining({
            level: 'error',
            message: expect.stringMatching(
              /^WeCom refused the long connection of integration "demo" \(bot aibdemo\w+\): Authentication failed: invalid bot secret \(code: 40001\)\. Check the bot ID and Secret/,
            ),
          }),
        ),
      );
      expect(openConnections()).toHaveLength(0);
      expect(manager.heldIntegrations()).toEqual(['demo']);
      expect(
        logger.lines.filter(line => line.text.includes('not-the-bot-secret')),
      ).toEqual([]);
    });
  },
);

import { mockServices } from '@backstage/backend-test-utils';
import type { WsFrame } from '@wecom/aibot-node-sdk';
import { createTestDatabases } from '../../../__testUtils__/databases';
import { CallbackReceiptStore } from '../../../callbacks/CallbackReceiptStore';
import { applyMigrations } from '../../../database/migrations';
import { BotAnswerSink, BotConversation, BotInboundMessage } from '../types';
import {
  BotWsClient,
  LongConnectionTransport,
} from './LongConnectionTransport';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** A client standing for the SDK's: frames in, replies recorded. */
function fakeClient() {
  const listeners = new Map<string, (frame: WsFrame) => void>();
  const replies: Array<{ reqId: string; content: string; finish: boolean }> =
    [];
  let down = false;
  const client = {
    on: (event: string, listener: (frame: WsFrame) => void) => {
      listeners.set(event, listener);
      return client;
    },
    replyStream: async (
      frame: WsFrame,
      _streamId: string,
      content: string,
      finish?: boolean,
    ) => {
      if (down) throw new Error('socket closed');
      replies.push({
        reqId: frame.headers.req_id,
        content,
        finish: Boolean(finish),
      });
      return {} as any;
    },
    replyWelcome: async () => ({} as any),
    sendMessage: async () => {
      if (down) throw new Error('socket closed');
      return {} as any;
    },
  };
  return {
    client: client as unknown as BotWsClient,
    replies,
    push: (frame: WsFrame) => listeners.get('message')!(frame),
    setDown: (value: boolean) => {
      down = value;
    },
  };
}

class Echo implements BotConversation {
  readonly asked: BotInboundMessage[] = [];

  async handle(message: BotInboundMessage, sink: BotAnswerSink) {
    this.asked.push(message);
    await sink.update(`Answer to ${message.text}`, true);
  }
}

const question = (reqId: string): WsFrame => ({
  cmd: 'aibot_msg_callback',
  headers: { req_id: reqId },
  body: {
    msgid: 'ws-msg-1',
    aibotid: 'bot-1',
    chattype: 'single',
    from: { userid: 'ZhangSan' },
    msgtype: 'text',
    text: { content: 'what is firing?' },
  },
});

describe.each(databases.eachSupportedId())(
  'LongConnectionTransport on %p',
  databaseId => {
    let receipts: CallbackReceiptStore;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      await applyMigrations(knex);
      receipts = new CallbackReceiptStore(knex);
    });

    const transport = (client: BotWsClient, conversation: BotConversation) =>
      new LongConnectionTransport({
        integrationId: `demo-${Math.random().toString(36).slice(2)}`,
        client,
        conversation,
        receipts,
        logger: mockServices.logger.mock(),
        timing: { throttleMs: 0 },
      }).attach();

    it('answers a message again when its first answer never reached WeCom', async () => {
      const ws = fakeClient();
      const conversation = new Echo();
      const bot = transport(ws.client, conversation);

      // The socket drops while the answer goes out: nothing reached WeCom.
      ws.setDown(true);
      ws.push(question('req-1'));
      await bot.idle();
      expect(ws.replies).toEqual([]);

      // WeCom hands the message out again (a new frame, the same msgid).
      ws.setDown(false);
      ws.push(question('req-2'));
      await bot.idle();
      expect(ws.replies).toEqual([
        { reqId: 'req-2', content: 'Answer to what is firing?', finish: true },
      ]);
    });

    it('answers a message once when its answer reached WeCom', async () => {
      const ws = fakeClient();
      const conversation = new Echo();
      const bot = transport(ws.client, conversation);
      ws.push(question('req-1'));
      await bot.idle();
      ws.push(question('req-2'));
      await bot.idle();
      expect(ws.replies.map(r => r.reqId)).toEqual(['req-1']);
      expect(conversation.asked).toHaveLength(1);
    });
  },
);

import { mockCredentials } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { BotReplyResult, RunningEmulator } from 'wecom-emulator';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  demoIntegration,
  startBackendWithEmulator,
} from '../../__testUtils__/startBackendWithEmulator';
import { startWeComBackend } from '../../__testUtils__/startWeComBackend';
import { demoOrg } from '../../__testUtils__/demoOrg';
import {
  FakeOpenAiServer,
  lastUserText,
  startFakeOpenAiServer,
} from '../__testUtils__/fakeOpenAiServer';
import { THINKING } from './botTexts';

// The smart bot through the whole plugin and the WeCom emulator: a question
// in a War Room streamed over several refreshes from an OpenAI-compatible
// server, an image decrypted on its way to the model, a command that moves
// the incident as the linked user, a second replica answering refreshes
// from the database, and the built-in analyzer when no model is set.

jest.setTimeout(120_000);

const databases = createTestDatabases();

const LINKS: Record<string, string> = {
  'user:default/jdoe': 'JohnDoe',
  'user:default/zhangsan': 'ZhangSan',
  'user:default/lisi': 'LiSi',
  'user:default/wangwu': 'WangWu',
};
const WANGWU = {
  Authorization: mockCredentials.user.header('user:default/wangwu'),
};
/** What the slow fake model says, one chunk at a time. */
const SLOW_ANSWER = [
  'The payments API ',
  'has returned 5xx ',
  'since 09:00; ',
  'the connection pool ',
  'looks exhausted. ',
  'Check the DB first.',
];
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  randomBytes(300),
]);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Refreshes a stream the way WeCom does until a reply finishes it. */
async function refreshUntilFinished(
  emulator: RunningEmulator,
  first: BotReplyResult,
): Promise<Array<{ finish: boolean; content: string }>> {
  const streams = [first.reply!.stream as { finish: boolean; content: string }];
  for (let i = 0; i < 100 && !streams.at(-1)!.finish; i++) {
    await sleep(200);
    const next = await emulator.refreshBotStream(first.streamId!);
    expect(next.status).toBe(200);
    expect(next.signatureValid).toBe(true);
    streams.push(next.reply!.stream as { finish: boolean; content: string });
  }
  return streams;
}

async function linkUsers(server: Parameters<typeof request>[0]) {
  for (const [entityRef, wecomUserId] of Object.entries(LINKS)) {
    const linked = await request(server)
      .post('/api/wecom/linked-users/links')
      .set(WANGWU)
      .send({ integrationId: 'demo', entityRef, wecomUserId });
    if (linked.status !== 200) {
      throw new Error(`Linking ${entityRef} failed: ${linked.text}`);
    }
  }
}

async function openWarRoom(
  server: Parameters<typeof request>[0],
  title: string,
): Promise<{ incidentId: string; chatId: string }> {
  const incident = await request(server)
    .post('/api/wecom/incidents')
    .set(WANGWU)
    .send({
      title,
      severity: 'critical',
      entityRef: 'component:default/payments-api',
    });
  expect(incident.status).toBe(201);
  const warRoom = await request(server)
    .post(`/api/wecom/incidents/${incident.body.id}/war-room`)
    .set(WANGWU)
    .send({});
  expect(warRoom.status).toBe(201);
  return { incidentId: incident.body.id, chatId: warRoom.body.chatId };
}

describe.each(databases.eachSupportedId())(
  'the smart bot over the callback with a model on %p',
  databaseId => {
    let knex: Knex;
    let model: FakeOpenAiServer;
    let ctx: Awaited<ReturnType<typeof startBackendWithEmulator>>;
    let emulator: RunningEmulator;
    let warRoom: { incidentId: string; chatId: string };
    let aiSre: JsonObject;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      model = await startFakeOpenAiServer(body => {
        // The prompt holds the chat's earlier lines too: newest first.
        const asked = lastUserText(body);
        if (asked.includes('(again)')) {
          return { chunks: SLOW_ANSWER, delayMs: 400 };
        }
        if (asked.includes('is the model up?')) {
          return { chunks: [], status: 500, errorMessage: 'model overloaded' };
        }
        if (asked.includes('what does this graph show?')) {
          return { chunks: ['It shows the 5xx rate.'] };
        }
        if (asked.includes('what is happening')) {
          return { chunks: SLOW_ANSWER, delayMs: 400 };
        }
        return { chunks: [`You asked: ${asked}`] };
      });
      aiSre = {
        analyzer: 'openai',
        openai: { baseUrl: model.baseUrl, model: 'fake-model' },
      };
      ctx = await startBackendWithEmulator({
        knex,
        integrations: url => [
          demoIntegration(url, { warRoom: { enabled: true } }),
        ],
        entities: demoOrg(),
        extraConfig: { aiSre },
      });
      emulator = ctx.emulator;
      await linkUsers(ctx.server);
      warRoom = await openWarRoom(ctx.server, 'Payments API 5xx above 5%');
    });
    afterAll(async () => {
      await ctx?.stop();
      await model?.close();
    });

    const ask = (text: string, from = 'ZhangSan') =>
      emulator.sendBotMessage({ from, chatid: warRoom.chatId, text });

    it('streams the answer to an @bot question in a War Room over several refreshes', async () => {
      const first = await ask('@bot what is happening?');
      expect(first.status).toBe(200);
      expect(first.signatureValid).toBe(true);
      expect(first.reply!.msgtype).toBe('stream');
      expect((first.reply!.stream as any).finish).toBe(false);
      expect(first.streamId).toBeDefined();

      const streams = await refreshUntilFinished(emulator, first);
      const last = streams.at(-1)!;
      expect(last.finish).toBe(true);
      expect(last.content).toContain(SLOW_ANSWER.join(''));
      // Several refreshes saw the answer grow, never shrink.
      const full = last.content;
      const contents = streams.map(s => s.content).filter(c => c !== THINKING);
      expect(contents.filter(c => !full.startsWith(c))).toEqual([]);
      expect(contents).toEqual(
        [...contents].sort((a, b) => a.length - b.length),
      );
      expect(new Set(contents).size).toBeGreaterThanOrEqual(3);

      // The model got the question without the mention, about the War
      // Room's incident.
      const sent = model.requests.find(body =>
        lastUserText(body).includes('what is happening?'),
      );
      expect(lastUserText(sent)).not.toContain('@bot');
      expect(JSON.stringify(sent.messages)).toContain(
        'Payments API 5xx above 5%',
      );
    });

    it('answers with the built-in analyzer, saying so, when the model fails', async () => {
      // A single chat: its lines stay out of the War Room's prompts. (A
      // linked member: an unlinked one is only told how to link.)
      const first = await emulator.sendBotMessage({
        from: 'JohnDoe',
        text: 'is the model up?',
      });
      const last = (await refreshUntilFinished(emulator, first)).at(-1)!;
      expect(last.finish).toBe(true);
      expect(last.content).toContain('openai:fake-model could not answer (');
      expect(last.content).toContain('HTTP 500');
      expect(last.content).toContain(
        'this answer is from the built-in analyzer',
      );
    });

    it('decrypts an image and hands its bytes to the model', async () => {
      const imageUrl = emulator.hostMedia(PNG);
      const first = await emulator.sendBotMessage({
        from: 'LiSi',
        chatid: warRoom.chatId,
        msgtype: 'mixed',
        mixedItems: [
          {
            msgtype: 'text',
            text: { content: '@bot what does this graph show?' },
          },
          { msgtype: 'image', image: { url: imageUrl } },
        ],
      });
      const streams = await refreshUntilFinished(emulator, first);
      expect(streams.at(-1)!.content).toContain('It shows the 5xx rate.');

      const sent = model.requests.find(body =>
        lastUserText(body).includes('what does this graph show?'),
      );
      const parts = sent.messages.flatMap((m: any) =>
        Array.isArray(m.content) ? m.content : [],
      );
      const image = parts.find((p: any) => p.type === 'image_url');
      expect(image.image_url.url).toBe(
        `data:image/png;base64,${PNG.toString('base64')}`,
      );
    });

    it('moves the incident to processing on "start processing", as the linked user', async () => {
      const first = await ask('@bot start processing', 'ZhangSan');
      const streams = await refreshUntilFinished(emulator, first);
      expect(streams.at(-1)!.content).toMatch(/is now \*\*Processing/);

      const incident = await request(ctx.server)
        .get(`/api/wecom/incidents/${warRoom.incidentId}`)
        .set(WANGWU);
      expect(incident.body.status).toBe('processing');
      expect(incident.body.acknowledgedBy).toBe('user:default/zhangsan');
      const timeline = await request(ctx.server)
        .get(`/api/wecom/incidents/${warRoom.incidentId}/timeline`)
        .set(WANGWU);
      expect(
        timeline.body.items.find(
          (entry: any) =>
            entry.kind === 'transition' &&
            entry.actor === 'user:default/zhangsan',
        ),
      ).toBeDefined();
    });

    it('lets a second replica on the same database answer the refreshes', async () => {
      const second = await startWeComBackend({
        knex,
        integrations: [
          demoIntegration(ctx.emulatorUrl, { warRoom: { enabled: true } }),
        ],
        entities: demoOrg(),
        extraConfig: { aiSre },
      });
      const { bot } = emulator.state.directory.bot();
      const firstReplicaUrl = bot.callbackUrl!;
      try {
        // Replica 1 takes the question and computes the answer…
        const first = await ask('@bot what is happening? (again)', 'LiSi');
        expect((first.reply!.stream as any).finish).toBe(false);

        // …WeCom's refreshes reach replica 2, which reads the database.
        const port = (second.server.address() as { port: number }).port;
        bot.callbackUrl = firstReplicaUrl.replace(
          ctx.backendUrl,
          `http://127.0.0.1:${port}`,
        );
        const streams = await refreshUntilFinished(emulator, first);
        expect(streams.at(-1)).toEqual({
          id: first.streamId,
          finish: true,
          content: expect.stringContaining(SLOW_ANSWER.join('')),
        });
        expect(
          second.botMessages.filter(
            m => m.msgType === 'stream' && m.streamId === first.streamId,
          ).length,
        ).toBe(streams.length - 1);
        // Replica 2 asked no model: the answer is replica 1's.
        expect(
          model.requests.filter(body => lastUserText(body).includes('(again)')),
        ).toHaveLength(1);
      } finally {
        bot.callbackUrl = firstReplicaUrl;
        await second.backend.stop();
      }
    });
  },
);

describe.each(databases.eachSupportedId())(
  'the smart bot with the built-in analyzer on %p',
  databaseId => {
    let ctx: Awaited<ReturnType<typeof startBackendWithEmulator>>;
    let emulator: RunningEmulator;
    let warRoom: { incidentId: string; chatId: string };

    beforeAll(async () => {
      ctx = await startBackendWithEmulator({
        knex: await databases.init(databaseId),
        integrations: url => [
          demoIntegration(url, { warRoom: { enabled: true } }),
        ],
        entities: demoOrg(),
      });
      emulator = ctx.emulator;
      await linkUsers(ctx.server);
      warRoom = await openWarRoom(ctx.server, 'Checkout latency high');
    });
    afterAll(() => ctx?.stop());

    it('answers about the War Room incident without a model, and says what it received', async () => {
      const log = Buffer.from('ERROR pool exhausted at 09:00\nWARN retrying\n');
      const first = await emulator.sendBotMessage({
        from: 'ZhangSan',
        chatid: warRoom.chatId,
        msgtype: 'mixed',
        mixedItems: [
          { msgtype: 'text', text: { content: '@bot what is happening?' } },
          { msgtype: 'image', image: { url: emulator.hostMedia(PNG) } },
        ],
      });
      const streams = await refreshUntilFinished(emulator, first);
      const answer = streams.at(-1)!;
      expect(answer.finish).toBe(true);
      expect(answer.content).toContain('Checkout latency high');
      expect(answer.content).toContain(
        `image ${PNG.length} bytes (image/png) received`,
      );

      // A file's first lines are quoted: it was decrypted.
      const file = await emulator.sendBotMessage({
        from: 'ZhangSan',
        chatid: warRoom.chatId,
        msgtype: 'file',
        fileUrl: emulator.hostMedia(log),
      });
      const fileAnswer = (await refreshUntilFinished(emulator, file)).at(-1)!;
      expect(fileAnswer.content).toContain('> ERROR pool exhausted at 09:00');
    });

    it('answers a video sent in a single chat, saying what it received (page 100719)', async () => {
      const video = Buffer.from('\0\0\0\x18ftypmp42 not much of a video');
      const first = await emulator.sendBotMessage({
        from: 'WangWu',
        videoUrl: emulator.hostMedia(video),
      });
      const answer = (await refreshUntilFinished(emulator, first)).at(-1)!;
      expect(answer.finish).toBe(true);
      expect(answer.content).toContain(`file video ${video.length} bytes`);
    });

    it('welcomes a member who opens the chat with the bot (enter_chat)', async () => {
      const welcome = await emulator.sendBotEvent({ from: 'WangWu' });
      expect(welcome.status).toBe(200);
      expect(welcome.signatureValid).toBe(true);
      expect(welcome.reply).toMatchObject({ msgtype: 'text' });
      expect(JSON.stringify(welcome.reply)).toContain('`firing`');
    });

    it('answers a question in a single chat without a War Room incident', async () => {
      const first = await emulator.sendBotMessage({
        from: 'WangWu',
        text: 'what is happening?',
      });
      const answer = (await refreshUntilFinished(emulator, first)).at(-1)!;
      expect(answer.finish).toBe(true);
      expect(answer.content).not.toContain('Checkout latency high');
    });
  },
);

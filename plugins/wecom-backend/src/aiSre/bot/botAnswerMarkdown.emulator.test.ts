import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  demoIntegration,
  startBackendWithEmulator,
} from '../../__testUtils__/startBackendWithEmulator';
import { demoOrg } from '../../__testUtils__/demoOrg';
import {
  FakeOpenAiServer,
  startFakeOpenAiServer,
} from '../__testUtils__/fakeOpenAiServer';

// Finding 8 of the security review, for the bot: a model can be talked
// into repeating an alert's phishing link or mention. What the bot says in
// the chat, through the whole plugin and the emulator, shows it as text.

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** What a model says after reading an alert written by an attacker. */
const INJECTED = [
  '**Next step**: ',
  '[点此处理](https://evil.example/login) ',
  '<@all> ',
  '![x](https://evil.example/pixel.png) ',
  '[incident page](http://localhost:3000/wecom/incidents/1)',
];

describe.each(databases.eachSupportedId())(
  'the bot’s answers as WeCom markdown on %p',
  databaseId => {
    let model: FakeOpenAiServer;
    let ctx: Awaited<ReturnType<typeof startBackendWithEmulator>>;

    beforeAll(async () => {
      model = await startFakeOpenAiServer(() => ({ chunks: INJECTED }));
      ctx = await startBackendWithEmulator({
        knex: await databases.init(databaseId),
        integrations: url => [demoIntegration(url)],
        entities: demoOrg(),
        extraConfig: {
          aiSre: {
            analyzer: 'openai',
            openai: { baseUrl: model.baseUrl, model: 'fake-model' },
          },
        },
      });
      // Only linked members get the analyzer's answers.
      const linked = await request(ctx.server)
        .post('/api/wecom/linked-users/links')
        .set({
          Authorization: mockCredentials.user.header('user:default/wangwu'),
        })
        .send({
          integrationId: 'demo',
          entityRef: 'user:default/jdoe',
          wecomUserId: 'JohnDoe',
        });
      if (linked.status !== 200) {
        throw new Error(`Linking JohnDoe failed: ${linked.text}`);
      }
    });
    afterAll(async () => {
      await ctx?.stop();
      await model?.close();
    });

    it("shows a model's link elsewhere, image and mention as text, keeping its Backstage link", async () => {
      let reply = await ctx.emulator.sendBotMessage({
        from: 'JohnDoe',
        text: 'what should I do?',
      });
      for (let i = 0; i < 100 && reply.streamId; i++) {
        await new Promise(resolve => setTimeout(resolve, 100));
        reply = await ctx.emulator.refreshBotStream(reply.streamId);
      }
      const stream = reply.reply!.stream as {
        finish: boolean;
        content: string;
      };
      expect(stream.finish).toBe(true);
      expect(stream.content).toContain(
        '**Next step**: 点此处理 (https://evil.example/login) ＜@all> x (https://evil.example/pixel.png) [incident page](http://localhost:3000/wecom/incidents/1)',
      );
    });
  },
);

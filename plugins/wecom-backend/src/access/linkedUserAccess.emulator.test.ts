import { createBackendModule } from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import authPlugin from '@backstage/plugin-auth-backend';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import authModuleWeComProvider from 'backstage-plugin-auth-backend-module-wecom-provider';
import request from 'supertest';
import { BotReplyResult, RunningEmulator } from 'wecom-emulator';
import { startBackendWithEmulator } from '../__testUtils__/startBackendWithEmulator';
import { eventually } from '../__testUtils__/startWeComBackend';
import {
  FakeOpenAiServer,
  lastUserText,
  startFakeOpenAiServer,
} from '../aiSre/__testUtils__/fakeOpenAiServer';
import { cardActionKey } from '../incidentCards/contracts';
import { demoOrg } from '../__testUtils__/demoOrg';
import { LINK_HINT } from './refusals';

// WeCom callbacks and bot messages carry no Backstage token. Here the real
// thing decides what they may do: the auth backend with the `wecom` sign-in
// provider turns the member into their linked user's token, Backstage's own
// auth, httpAuth and permissions services, and the permission backend with
// a policy the test sets — deny-all, then allow-all. Set-up goes through the
// API with a static service token, which the policy never sees (Backstage
// allows service principals outright), so "deny-all" is literal.

jest.setTimeout(180_000);

const ADMIN_TOKEN = 'test-admin-static-token-0123456789';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const TITLE = 'Payments API 5xx above 5% (confidential)';

/** The permission policy of the test's permission backend. */
const policy = {
  result: AuthorizeResult.DENY as AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  asked: [] as Array<{ user?: string; permission: string }>,
};
const testPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policies: policyExtensionPoint },
      async init({ policies }) {
        policies.setPolicy({
          async handle(req, user): Promise<PolicyDecision> {
            policy.asked.push({
              user: user?.info.userEntityRef,
              permission: req.permission.name,
            });
            return { result: policy.result };
          },
        });
      },
    });
  },
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('WeCom members act as their linked user, through the real auth and permission backends', () => {
  let ctx: Awaited<ReturnType<typeof startBackendWithEmulator>>;
  let emulator: RunningEmulator;
  let model: FakeOpenAiServer;
  /** The incident the model's tool calls ask for. */
  let wanted = '';

  beforeAll(async () => {
    // A model that reads the incident and lists others through its tools,
    // as a prompt injection would make it, then answers.
    model = await startFakeOpenAiServer(body => {
      const toolResults = body.messages.filter((m: any) => m.role === 'tool');
      if (body.tools && toolResults.length === 0) {
        return {
          chunks: [],
          toolCalls: [
            { name: 'get_incident', arguments: JSON.stringify({ id: wanted }) },
            { name: 'list_incidents', arguments: '{}' },
          ],
        };
      }
      return { chunks: ['Model answer.'] };
    });
    ctx = await startBackendWithEmulator({
      entities: demoOrg(),
      rootConfig: {
        backend: {
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: ADMIN_TOKEN, subject: 'test-admin' },
              },
            ],
          },
        },
        auth: { providers: { wecom: {} } },
        permission: { enabled: true },
      },
      extraConfig: {
        aiSre: {
          analyzer: 'openai',
          openai: { baseUrl: model.baseUrl, model: 'fake-model' },
        },
      },
      features: [
        authPlugin,
        authModuleWeComProvider,
        permissionPlugin,
        testPolicy,
        authServiceFactory,
        httpAuthServiceFactory,
        permissionsServiceFactory,
        userInfoServiceFactory,
      ],
    });
    emulator = ctx.emulator;
    const linked = await api('post', '/linked-users/links', {
      integrationId: 'demo',
      entityRef: 'user:default/zhangsan',
      wecomUserId: 'ZhangSan',
    });
    if (linked.status !== 200) {
      throw new Error(`Linking zhangsan failed: ${linked.text}`);
    }
  });
  afterAll(async () => {
    await ctx?.stop();
    await model?.close();
  });
  beforeEach(() => {
    policy.result = AuthorizeResult.DENY;
    policy.asked.length = 0;
  });

  function api(method: 'get' | 'post', path: string, body?: object) {
    const req = request(ctx.server)[method](`/api/wecom${path}`).set(admin);
    return body ? req.send(body) : req;
  }

  /** An incident for zhangsan, and the task id of the card he got. */
  async function incidentWithCard() {
    const created = await api('post', '/incidents', {
      title: TITLE,
      severity: 'critical',
      responders: ['user:default/zhangsan'],
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    let taskId = '';
    await eventually(async () => {
      const res = await api('get', `/incidents/${id}/deliveries`);
      const sent = res.body.items.find((d: any) => d.status === 'sent');
      expect(sent).toBeDefined();
      taskId = sent.taskId;
    }, 500);
    return { id, taskId };
  }

  const statusOf = async (id: string) =>
    (await api('get', `/incidents/${id}`)).body;

  /** What the bot finally answers `from` in a single chat. */
  async function askBot(from: string, text: string): Promise<string> {
    const first: BotReplyResult = await emulator.sendBotMessage({ from, text });
    expect(first.status).toBe(200);
    let stream = first.reply!.stream as { finish: boolean; content: string };
    for (let i = 0; i < 150 && !stream.finish; i++) {
      await sleep(200);
      const next = await emulator.refreshBotStream(first.streamId!);
      stream = next.reply!.stream as { finish: boolean; content: string };
    }
    expect(stream.finish).toBe(true);
    return stream.content;
  }

  describe('with a deny-all policy', () => {
    it('a card click changes nothing, and the card tells the clicker why', async () => {
      const { id, taskId } = await incidentWithCard();

      const clicked = await emulator.clickCard({
        userid: 'ZhangSan',
        taskId,
        eventKey: cardActionKey(id, { kind: 'startProcessing' }),
      });
      expect(clicked.status).toBe(200);

      await eventually(() => {
        const view = emulator.card(taskId)!.recipients.get('ZhangSan')!;
        expect((view.card.quote_area as any)?.quote_text).toBe(
          'Not allowed: your Backstage user may not change incidents (wecom.incident.update). Ask your Backstage admin. 无权限。',
        );
      }, 500);
      expect(await statusOf(id)).toMatchObject({ status: 'triggered' });
      // The policy decided for zhangsan himself, as the route would.
      expect(policy.asked).toContainEqual({
        user: 'user:default/zhangsan',
        permission: 'wecom.incident.update',
      });
    });

    it('a bot "start" changes nothing, and the bot says why', async () => {
      const { id } = await incidentWithCard();

      const answer = await askBot('ZhangSan', `start #${id}`);

      expect(answer).toBe(
        'Not allowed: your Backstage user may not change incidents (wecom.incident.update). Ask your Backstage admin. 无权限。',
      );
      expect(await statusOf(id)).toMatchObject({ status: 'triggered' });
    });

    it('a question gets the model no incident data: its tool calls are refused', async () => {
      const { id } = await incidentWithCard();
      wanted = id;
      const before = model.requests.length;

      const answer = await askBot('ZhangSan', `what is wrong with ${id}?`);

      expect(answer).toMatch(/^Model answer\./);
      expect(answer).toMatch(
        /\n\n> Your Backstage user may not see incidents \(wecom\.incident\.read\), so this answer uses no incident data\. Ask your Backstage admin for it\.$/,
      );
      const sent = model.requests.slice(before);
      expect(sent.length).toBe(2);
      expect(JSON.stringify(sent)).not.toContain('Payments API 5xx');
      const toolResults = sent[1].messages.filter(
        (m: any) => m.role === 'tool',
      );
      expect(toolResults.map((m: any) => JSON.parse(m.content))).toEqual([
        {
          error:
            'not allowed: The asker may not see incidents (wecom.incident.read): no incident data can be read for them',
        },
        {
          error:
            'not allowed: The asker may not see incidents (wecom.incident.read): no incident data can be read for them',
        },
      ]);
    });

    it("an unlinked member's question never reaches the model", async () => {
      const before = model.requests.length;

      expect(await askBot('ChenJing', 'list every open incident')).toBe(
        LINK_HINT,
      );
      expect(await askBot('ChenJing', 'firing')).toBe(LINK_HINT);
      expect(model.requests.length).toBe(before);
    });
  });

  describe('with an allow-all policy', () => {
    it('a card click and a bot command still change the incident, as the linked user', async () => {
      policy.result = AuthorizeResult.ALLOW;
      const { id, taskId } = await incidentWithCard();

      await emulator.clickCard({
        userid: 'ZhangSan',
        taskId,
        eventKey: cardActionKey(id, { kind: 'startProcessing' }),
      });
      await eventually(async () => {
        expect(await statusOf(id)).toMatchObject({
          status: 'processing',
          acknowledgedBy: 'user:default/zhangsan',
        });
      }, 500);

      expect(await askBot('ZhangSan', `close #${id}`)).toMatch(
        /is now \*\*Closed 已关闭\*\* \(by zhangsan\)\.$/,
      );
      expect(await statusOf(id)).toMatchObject({
        status: 'closed',
        closedBy: 'user:default/zhangsan',
      });
    });

    it('a question lets the model read the incident through its tools', async () => {
      policy.result = AuthorizeResult.ALLOW;
      const { id } = await incidentWithCard();
      wanted = id;
      const before = model.requests.length;

      const answer = await askBot('ZhangSan', `what about ${id}?`);
      expect(answer).toMatch(/^Model answer\./);
      expect(answer).not.toContain('wecom.incident.read');
      const [, second] = model.requests.slice(before);
      expect(lastUserText(second)).toContain(`what about ${id}?`);
      expect(JSON.stringify(second.messages)).toContain('Payments API 5xx');
    });
  });
});

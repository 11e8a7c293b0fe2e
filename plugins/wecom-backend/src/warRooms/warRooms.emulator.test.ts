import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { wecomIncidentsExtensionPoint } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import request from 'supertest';
import { DEMO_AGENT_ID, DEMO_CORP_ID, RunningEmulator } from 'wecom-emulator';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  demoIntegration,
  startBackendWithEmulator,
} from '../__testUtils__/startBackendWithEmulator';
import { DatabaseIncidentProvider } from '../incidents/DatabaseIncidentProvider';
import { demoOrg, user, withRelations } from '../__testUtils__/demoOrg';
import { warRoomChatId } from './warRoomChatId';

// War Rooms through the whole plugin and the WeCom emulator: creating the
// group with the right people and first posts, refusing before any WeCom
// call when it cannot work, resuming after a failure without a second group
// or post, following the responders, inviting, dismissing and reopening.

jest.setTimeout(120_000);

const databases = createTestDatabases();

// Catalog users and who each is in the emulated corp.
const LINKS: Record<string, string> = {
  'user:default/jdoe': 'JohnDoe',
  'user:default/zhangsan': 'ZhangSan',
  'user:default/lisi': 'LiSi',
  'user:default/chenjing': 'ChenJing',
  'user:default/wangwu': 'WangWu',
  'user:default/asmith': 'AliceSmith',
};
const PAYMENTS_IN_WECOM = ['JohnDoe', 'ZhangSan', 'LiSi', 'ChenJing'];

/** Signed in as a catalog user. */
const as = (userRef: string) => ({
  Authorization: mockCredentials.user.header(userRef),
});
const WANGWU = as('user:default/wangwu');

describe.each(databases.eachSupportedId())('War Rooms on %p', databaseId => {
  let emulator: RunningEmulator;
  let knex: Knex;
  let provider: DatabaseIncidentProvider;
  let ctx: Awaited<ReturnType<typeof startBackendWithEmulator>>;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    // The database provider, installed by a module so the test can change
    // incidents the way other parts of the plugin do.
    provider = new DatabaseIncidentProvider({
      knex,
      logger: mockServices.logger.mock(),
    });
    const providerModule = createBackendModule({
      pluginId: 'wecom',
      moduleId: 'test-incident-provider',
      register(env) {
        env.registerInit({
          deps: { incidents: wecomIncidentsExtensionPoint },
          async init({ incidents }) {
            incidents.setIncidentProvider(provider);
          },
        });
      },
    });
    ctx = await startBackendWithEmulator({
      knex,
      integrations: url => [
        demoIntegration(url, { warRoom: { enabled: true } }),
      ],
      // An intern joined payments but has no WeCom account yet.
      entities: withRelations([
        ...demoOrg().map(({ relations: _derived, ...entity }) => entity),
        user('intern', ['payments']),
      ]),
      features: [providerModule],
    });
    emulator = ctx.emulator;
    for (const [entityRef, wecomUserId] of Object.entries(LINKS)) {
      const linked = await request(ctx.server)
        .post('/api/wecom/linked-users/links')
        .set(WANGWU)
        .send({ integrationId: 'demo', entityRef, wecomUserId });
      if (linked.status !== 200) {
        throw new Error(`Linking ${entityRef} failed: ${linked.text}`);
      }
    }
  });
  afterAll(async () => {
    await ctx?.stop();
  });

  const api = () => request(ctx.server);
  const openIncident = async (body: object) => {
    const res = await api()
      .post('/api/wecom/incidents')
      .set(WANGWU)
      .send({ severity: 'critical', ...body });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const createWarRoom = (id: string, body: object = {}, auth = WANGWU) =>
    api().post(`/api/wecom/incidents/${id}/war-room`).set(auth).send(body);
  const getWarRoom = (id: string) =>
    api().get(`/api/wecom/incidents/${id}/war-room`).set(WANGWU);
  const warRoomEntries = async (id: string): Promise<any[]> =>
    (
      await api().get(`/api/wecom/incidents/${id}/timeline`).set(WANGWU)
    ).body.items.filter((entry: any) => entry.kind === 'war-room');
  const chatsWithId = (chatId: string) =>
    emulator.state.chats.all().filter(chat => chat.chatid === chatId);
  const posts = (chatId: string) =>
    emulator
      .chat(chatId)!
      .messages.map(m => (m.content as { content: string }).content);

  it('creates the group with the linked responders and the requester, then posts the summary and the analysis', async () => {
    const incident = await openIncident({
      title: 'Payments API 5xx above 5%',
      description: 'Checkout fails for a third of users',
      entityRef: 'component:default/payments-api',
    });

    const res = await createWarRoom(incident.id);
    expect(res.status).toBe(201);
    const number = incident.id.slice(0, 8).toUpperCase();
    expect(res.body).toMatchObject({
      incidentId: incident.id,
      integrationId: 'demo',
      chatId: warRoomChatId('demo', incident.id),
      name: `[CRITICAL] #${number} Payments API 5xx above 5%`,
      status: 'active',
      owner: { entityRef: 'user:default/wangwu', wecomUserId: 'WangWu' },
      unlinked: ['user:default/intern'],
      entityRef: 'component:default/payments-api',
      pendingSteps: [],
      createdBy: 'user:default/wangwu',
    });
    expect(res.body.lastError).toBeUndefined();
    expect(
      res.body.members.map((m: any) => [m.entityRef, m.wecomUserId, m.role]),
    ).toEqual([
      ['user:default/wangwu', 'WangWu', 'requester'],
      ...Object.entries(LINKS)
        .filter(([, id]) => PAYMENTS_IN_WECOM.includes(id))
        .map(([ref, id]) => [ref, id, 'responder']),
    ]);

    // The group in WeCom: name, owner, the members, two posts.
    const chat = emulator.chat(res.body.chatId)!;
    expect(chat.name).toBe(res.body.name);
    expect(chat.owner).toBe('WangWu');
    expect([...chat.userlist].sort()).toEqual(
      ['WangWu', ...PAYMENTS_IN_WECOM].sort(),
    );
    expect(chat.messages.map(m => m.msgtype)).toEqual(['markdown', 'markdown']);
    const [summary, analysis] = posts(res.body.chatId);
    expect(summary).toContain('Payments API 5xx above 5%');
    expect(summary).toContain('CRITICAL');
    expect(summary).toContain('component:default/payments-api');
    expect(summary).toContain('user:default/zhangsan');
    expect(summary).toContain('Not linked to WeCom: user:default/intern');
    expect(summary).toContain(
      `http://localhost:3000/wecom/incidents/${incident.id}`,
    );
    expect(analysis.length).toBeGreaterThan(0);
    expect(analysis).not.toBe(summary);

    // The timeline says who is in and who is not.
    const [created] = await warRoomEntries(incident.id);
    expect(created.actor).toBe('user:default/wangwu');
    expect(created.message).toContain('WangWu, JohnDoe');
    expect(created.message).toContain('not linked: user:default/intern');

    // Asking again answers the same War Room: no second group, no post.
    const again = await createWarRoom(incident.id);
    expect(again.status).toBe(200);
    expect(again.body.chatId).toBe(res.body.chatId);
    expect(chatsWithId(res.body.chatId)).toHaveLength(1);
    expect(posts(res.body.chatId)).toHaveLength(2);
    expect((await getWarRoom(incident.id)).body).toEqual(again.body);

    // Listed for the component.
    const listed = await api()
      .get('/api/wecom/war-rooms')
      .query({ entityRef: 'component:default/payments-api' })
      .set(WANGWU);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: any) => r.incidentId)).toContain(
      incident.id,
    );
    const other = await api()
      .get('/api/wecom/war-rooms')
      .query({ entityRef: 'component:default/api-gateway' })
      .set(WANGWU);
    expect(other.body.items).toEqual([]);
  });

  it('refuses with 409, before calling WeCom, when fewer than 2 people are linked', async () => {
    const incident = await openIncident({
      title: 'Disk full on build agents',
      responders: ['user:default/zhangsan', 'user:default/newhire'],
    });
    const createsBefore = emulator.callCount('appchat/create');

    // The requester (mock) is not linked either: only ZhangSan is.
    const res = await createWarRoom(
      incident.id,
      {},
      { Authorization: mockCredentials.user.header() },
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(
      'A War Room needs at least 2 people linked to WeCom, and only user:default/zhangsan is',
    );
    expect(res.body.error.message).toContain(
      'not linked: user:default/mock, user:default/newhire',
    );
    expect(res.body.error.message).toContain(
      'Link them in Settings → WeCom → Linked Users',
    );
    expect(emulator.callCount('appchat/create')).toBe(createsBefore);
    expect((await getWarRoom(incident.id)).status).toBe(404);
  });

  it('answers 502 with the step and the hint when WeCom refuses, and finishes on retry with one group and one summary', async () => {
    const incident = await openIncident({
      title: 'Queue backlog',
      responders: ['user:default/zhangsan', 'user:default/lisi'],
    });
    const chatId = warRoomChatId('demo', incident.id);

    // The group is created, then the first post fails.
    emulator.injectFault({ api: 'appchat/send', errcode: 40058 });
    const failed = await createWarRoom(incident.id);
    expect(failed.status).toBe(502);
    expect(failed.body.error.message).toContain(
      'War Room creation stopped at step postSummary',
    );
    expect(failed.body.error.message).toContain('errcode 40058');
    const stopped = (await getWarRoom(incident.id)).body;
    expect(stopped.status).toBe('creating');
    expect(stopped.pendingSteps).toEqual(['postSummary', 'postAnalysis']);
    expect(stopped.lastError).toContain('postSummary');
    expect(chatsWithId(chatId)).toHaveLength(1);
    expect(emulator.chat(chatId)!.messages).toHaveLength(0);

    // While another replica works on it, a second request is told so.
    await knex('wecom_war_rooms')
      .where({ incident_id: incident.id })
      .update({ lease_until: new Date(Date.now() + 60_000) });
    const busy = await createWarRoom(incident.id);
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toBe(
      'War Room creation is in progress; try again in a moment',
    );
    await knex('wecom_war_rooms')
      .where({ incident_id: incident.id })
      .update({ lease_until: null });

    // Retry: picks up at the summary; still one group, one summary.
    const createsBefore = emulator.callCount('appchat/create');
    const retried = await createWarRoom(incident.id);
    expect(retried.status).toBe(201);
    expect(retried.body.status).toBe('active');
    expect(retried.body.pendingSteps).toEqual([]);
    expect(retried.body.lastError).toBeUndefined();
    expect(emulator.callCount('appchat/create')).toBe(createsBefore);
    expect(chatsWithId(chatId)).toHaveLength(1);
    const sent = posts(chatId);
    expect(sent).toHaveLength(2);
    // The summary once, then the analysis.
    expect(sent[0]).toContain('## War Room: Queue backlog');
    expect(sent.filter(post => post.startsWith('## War Room:'))).toHaveLength(
      1,
    );

    const entries = await warRoomEntries(incident.id);
    expect(entries.map(e => e.data.action)).toEqual(['created', 'failed']);
  });

  it("explains that the app's visible range must be the root department (48002)", async () => {
    const incident = await openIncident({
      title: 'Cache misses',
      responders: ['user:default/zhangsan'],
    });
    emulator.injectFault({ api: 'appchat/create', errcode: 48002 });
    const res = await createWarRoom(incident.id);
    expect(res.status).toBe(502);
    expect(res.body.error.message).toContain('step createChat');
    expect(res.body.error.message).toContain(
      'visible range (可见范围) is the root department',
    );
    expect((await getWarRoom(incident.id)).body.pendingSteps).toEqual([
      'createChat',
      'postSummary',
      'postAnalysis',
    ]);
  });

  it('adopts a group an earlier attempt created (chatid exists, 86215) and adds the members it lacks', async () => {
    const incident = await openIncident({
      title: 'Login slow',
      responders: ['user:default/zhangsan', 'user:default/lisi'],
    });
    const chatId = warRoomChatId('demo', incident.id);
    // WeCom made the group, but the answer never reached us.
    emulator.state.chats.add({
      chatid: chatId,
      corpId: DEMO_CORP_ID,
      agentId: DEMO_AGENT_ID,
      name: 'half made',
      owner: 'ZhangSan',
      userlist: ['ZhangSan', 'LiSi'],
      createdAt: new Date().toISOString(),
      messages: [],
    });

    const res = await createWarRoom(incident.id);
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('active');
    expect(chatsWithId(chatId)).toHaveLength(1);
    expect([...emulator.chat(chatId)!.userlist].sort()).toEqual(
      ['LiSi', 'WangWu', 'ZhangSan'].sort(),
    );
    expect(posts(chatId)).toHaveLength(2);
  });

  it('invites new responders when the incident’s responders change, and followers on request', async () => {
    const incident = await openIncident({
      title: 'Refunds stuck',
      responders: ['user:default/zhangsan'],
    });
    const created = await createWarRoom(incident.id);
    expect(created.status).toBe(201);
    const { chatId } = created.body;

    // Responders change (e.g. PATCH /incidents/:id): new ones are invited,
    // nobody is removed.
    await provider.updateIncident(
      incident.id,
      { responders: ['user:default/lisi', 'user:default/newhire'] },
      'user:default/wangwu',
    );
    const synced = (await getWarRoom(incident.id)).body;
    expect([...emulator.chat(chatId)!.userlist].sort()).toEqual(
      ['LiSi', 'WangWu', 'ZhangSan'].sort(),
    );
    expect(synced.members.map((m: any) => m.wecomUserId)).toEqual([
      'WangWu',
      'ZhangSan',
      'LiSi',
    ]);
    expect(synced.members[2].role).toBe('responder');
    expect(synced.unlinked).toEqual(['user:default/newhire']);
    const entries = await warRoomEntries(incident.id);
    expect(entries[entries.length - 1]).toMatchObject({
      actor: 'user:default/wangwu',
      message: 'Invited LiSi to the War Room; not linked: user:default/newhire',
    });

    // Invite followers: a linked user joins, an unlinked one is reported.
    const invited = await api()
      .post(`/api/wecom/incidents/${incident.id}/war-room/members`)
      .set(WANGWU)
      .send({ members: ['user:default/asmith', 'group:default/sre'] });
    expect(invited.status).toBe(200);
    expect(
      invited.body.members
        .filter((m: any) => m.role === 'follower')
        .map((m: any) => m.wecomUserId),
    ).toEqual(['AliceSmith', 'JohnDoe']);
    expect(emulator.chat(chatId)!.userlist).toEqual(
      expect.arrayContaining(['AliceSmith', 'JohnDoe']),
    );
    // guest (sre) is in the catalog but not linked; newhire is reported once.
    expect(invited.body.unlinked).toEqual([
      'user:default/newhire',
      'user:default/guest',
    ]);
  });

  it('dismisses with a closing post, keeps the group, is idempotent, and reopens on create', async () => {
    const incident = await openIncident({
      title: 'Search index lagging',
      responders: ['user:default/lisi'],
    });
    const { chatId } = (await createWarRoom(incident.id)).body;
    const dismiss = () =>
      api()
        .delete(`/api/wecom/incidents/${incident.id}/war-room`)
        .set(as('user:default/lisi'));

    const dismissed = await dismiss();
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({
      status: 'dismissed',
      dismissedBy: 'user:default/lisi',
      dismissedAt: expect.any(String),
    });
    expect(emulator.chat(chatId)).toBeDefined();
    const afterDismiss = posts(chatId);
    expect(afterDismiss).toHaveLength(3);
    expect(afterDismiss[2]).toContain(
      'This War Room was dismissed by user:default/lisi',
    );
    expect(afterDismiss[2]).toContain('The group stays in WeCom');

    // Twice: the dismissed War Room, no second closing post.
    const twice = await dismiss();
    expect(twice.status).toBe(200);
    expect(twice.body.dismissedAt).toBe(dismissed.body.dismissedAt);
    expect(posts(chatId)).toHaveLength(3);

    // Nobody can be invited into a dismissed War Room.
    const invite = await api()
      .post(`/api/wecom/incidents/${incident.id}/war-room/members`)
      .set(WANGWU)
      .send({ members: ['user:default/asmith'] });
    expect(invite.status).toBe(409);

    // Creating it again reopens it, in the same group.
    const reopened = await createWarRoom(
      incident.id,
      {},
      as('user:default/asmith'),
    );
    expect(reopened.status).toBe(201);
    expect(reopened.body.status).toBe('active');
    expect(reopened.body.dismissedBy).toBeUndefined();
    expect(reopened.body.chatId).toBe(chatId);
    expect(chatsWithId(chatId)).toHaveLength(1);
    expect(emulator.chat(chatId)!.userlist).toContain('AliceSmith');
    const last = posts(chatId).at(-1)!;
    expect(last).toContain('War Room reopened');
    expect(last).toContain('user:default/asmith');

    const actions = (await warRoomEntries(incident.id)).map(e => e.data.action);
    expect(actions).toEqual(['created', 'dismissed', 'reopened']);
  });
});

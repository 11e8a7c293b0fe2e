import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  DEMO_AGENT_ID,
  DEMO_CALLBACK_TOKEN,
  DEMO_CORP_ID,
  DEMO_ENCODING_AES_KEY,
  RunningEmulator,
  demoEmulatorOptions,
  startEmulator,
} from 'wecom-emulator';
import { freePort } from '../__testUtils__/freePort';
import {
  eventually,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';
import { WeComSigner } from '../__testUtils__/wecomSigner';
import { cardActionKey } from '../incidentCards/contracts';
import {
  component,
  group,
  user,
  withRelations,
} from '../__testUtils__/demoOrg';

// Issue 15, third-party app mode: a corp authorizes only the provider's
// app, so WeCom posts the app's card clicks to the suite's data callback
// ("数据回调URL", one URL for every authorizing corp, sealed with the
// suite's Token and EncodingAESKey). A member's click there must move the
// incident and update the card, as a custom app's callback does; forged,
// stale or foreign input must move nothing.

jest.setTimeout(120_000);

const SUITE = {
  suiteId: 'wwsuite0000000003',
  suiteSecret: 'suite-secret-emulated-0123456789',
  suiteTicket: 'suite-ticket-emulated-0123456789',
  permanentCode: 'permanent-code-emulated-0123456789',
  token: 'SuiteDataToken42',
  encodingAESKey: 'SuiteKey0123456789abcdefghijklmnopqrstuvwxy',
};
// A corp with an integration of the suite that never authorized it.
const OTHER_CORP = 'wwother0000000003';
const auth = { Authorization: mockCredentials.user.header() };

/** Sends and clicks run from queues: wait up to 30 s. */
const until = (check: () => void | Promise<void>) => eventually(check, 1_500);

/** A card click as WeCom's data callback carries it (page 90240). */
function clickXml(options: {
  corpId: string;
  taskId: string;
  eventKey: string;
  responseCode: string;
  agentId?: number;
}) {
  return `<xml><ToUserName><![CDATA[${
    options.corpId
  }]]></ToUserName><FromUserName><![CDATA[ZhangSan]]></FromUserName><CreateTime>${Math.floor(
    Date.now() / 1000,
  )}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${
    options.eventKey
  }]]></EventKey><TaskId><![CDATA[${
    options.taskId
  }]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${
    options.responseCode
  }]]></ResponseCode><AgentID>${
    options.agentId ?? DEMO_AGENT_ID
  }</AgentID></xml>`;
}

describe("a third-party app's card clicks through the suite's data callback", () => {
  let emulator: RunningEmulator;
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
  const dataPath = `/api/wecom/suites/${SUITE.suiteId}/data-callback`;
  const instructions = new WeComSigner(
    SUITE.token,
    SUITE.encodingAESKey,
    SUITE.suiteId,
  );
  /** The suite's keys, sealed for a receiveId (WeCom's is not settled). */
  const suiteSigner = (receiveId: string) =>
    new WeComSigner(SUITE.token, SUITE.encodingAESKey, receiveId);

  beforeAll(async () => {
    const emulatorPort = await freePort();
    const apiBaseUrl = `http://127.0.0.1:${emulatorPort}`;
    ctx = await startWeComBackend({
      integrations: [
        {
          id: 'tenant',
          name: 'A tenant corp',
          mode: 'thirdPartyApp',
          corpId: DEMO_CORP_ID,
          apiBaseUrl,
        },
        {
          id: 'other',
          name: 'A corp that has not installed the app',
          mode: 'thirdPartyApp',
          corpId: OTHER_CORP,
          apiBaseUrl,
        },
      ],
      entities: withRelations([
        group('team'),
        user('zhangsan', ['team']),
        component('svc', 'team'),
      ]),
      extraConfig: {
        suites: [
          {
            suiteId: SUITE.suiteId,
            suiteSecret: SUITE.suiteSecret,
            token: SUITE.token,
            encodingAESKey: SUITE.encodingAESKey,
            apiBaseUrl,
          },
        ],
        notifications: { integration: 'tenant' },
      },
    });
    const backend = `http://127.0.0.1:${
      (ctx.server.address() as { port: number }).port
    }/api/wecom/suites/${SUITE.suiteId}`;
    const options = demoEmulatorOptions();
    options.corps![0].suites = [
      {
        suiteId: SUITE.suiteId,
        suiteSecret: SUITE.suiteSecret,
        suiteTicket: SUITE.suiteTicket,
        permanentCode: SUITE.permanentCode,
        callback: {
          url: `${backend}/callback`,
          token: SUITE.token,
          encodingAESKey: SUITE.encodingAESKey,
        },
        dataCallback: `${backend}/data-callback`,
      },
    ];
    emulator = await startEmulator({ ...options, port: emulatorPort });

    // The corp installs the app: suite_ticket, then create_auth.
    const ticket = await emulator.pushSuiteTicket(SUITE.suiteId);
    if (ticket.status !== 200) throw new Error(`suite_ticket: ${ticket.body}`);
    await authorize();
    const linked = await request(ctx.server)
      .post('/api/wecom/linked-users/links')
      .set(auth)
      .send({
        integrationId: 'tenant',
        entityRef: 'user:default/zhangsan',
        wecomUserId: 'ZhangSan',
      });
    if (linked.status !== 200) throw new Error(`link: ${linked.text}`);
  });
  afterAll(async () => {
    await emulator?.close();
    await ctx?.backend.stop();
  });

  /** A suite instruction as WeCom posts it to the instruction callback. */
  function instruct(infoType: string, fields: string) {
    const { query, body } = instructions.xmlCallback(
      `<xml><SuiteId><![CDATA[${
        SUITE.suiteId
      }]]></SuiteId><InfoType><![CDATA[${infoType}]]></InfoType><TimeStamp>${Math.floor(
        Date.now() / 1000,
      )}</TimeStamp>${fields}</xml>`,
    );
    return request(ctx.server)
      .post(`/api/wecom/suites/${SUITE.suiteId}/callback`)
      .query(query)
      .send(body);
  }

  /** The corp's admin installs the app (create_auth with a fresh code). */
  async function authorize() {
    const created = await instruct(
      'create_auth',
      `<AuthCode><![CDATA[${emulator.issueSuiteAuthCode(
        SUITE.suiteId,
      )}]]></AuthCode>`,
    );
    if (created.text !== 'success') {
      throw new Error(`create_auth: ${created.status} ${created.text}`);
    }
    // The auth code is exchanged after the answer: wait for it.
    await until(async () => {
      const view = await request(ctx.server)
        .get('/api/wecom/integrations/tenant')
        .set(auth);
      expect(view.body.authorization).toMatchObject({ status: 'authorized' });
    });
  }

  const incident = async (id: string) =>
    (await request(ctx.server).get(`/api/wecom/incidents/${id}`).set(auth))
      .body;
  /** Opens an incident and waits for its card to reach ZhangSan. */
  const openIncidentCard = async (title: string) => {
    const created = await request(ctx.server)
      .post('/api/wecom/incidents')
      .set(auth)
      .send({
        title,
        severity: 'critical',
        entityRef: 'component:default/svc',
      });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    let taskId = '';
    await until(async () => {
      const items = (
        await request(ctx.server)
          .get(`/api/wecom/incidents/${id}/deliveries`)
          .set(auth)
      ).body.items;
      const sent = items.find((d: any) => d.status === 'sent');
      expect(sent?.taskId).toEqual(expect.any(String));
      taskId = sent.taskId;
    });
    return { id, taskId };
  };
  const updatesOf = (taskId: string) =>
    (emulator.card(taskId)?.events ?? []).filter(e => e.type === 'update');

  it('moves the incident and updates the card when a member clicks Start processing', async () => {
    const { id, taskId } = await openIncidentCard('svc is down');
    // The card went out with the suite's corp token, as the authorized app.
    expect(emulator.card(taskId)).toMatchObject({
      agentId: DEMO_AGENT_ID,
      suiteId: SUITE.suiteId,
    });

    const click = await emulator.clickCard({
      userid: 'ZhangSan',
      taskId,
      eventKey: cardActionKey(id, { kind: 'startProcessing' }),
    });
    // Page 90238: an empty body when there is nothing to answer.
    expect({ status: click.status, body: click.body }).toEqual({
      status: 200,
      body: '',
    });
    await until(async () => {
      expect(await incident(id)).toMatchObject({
        status: 'processing',
        acknowledgedBy: 'user:default/zhangsan',
      });
    });
    await until(() => {
      expect(updatesOf(taskId).map(u => u.responseCode)).toContain(
        click.responseCode,
      );
    });
  });

  it("shows the suite's two callback URLs on the integration, for the provider console", async () => {
    const view = (
      await request(ctx.server).get('/api/wecom/integrations/tenant').set(auth)
    ).body;
    expect(view.urls).toMatchObject({
      suiteCallbackUrl: expect.stringMatching(
        new RegExp(`/api/wecom/suites/${SUITE.suiteId}/callback$`),
      ),
      suiteDataCallbackUrl: expect.stringMatching(
        new RegExp(`/api/wecom/suites/${SUITE.suiteId}/data-callback$`),
      ),
    });
  });

  it('answers URL verification with the echo, whatever receiveId WeCom seals it for', async () => {
    for (const receiveId of [SUITE.suiteId, DEMO_CORP_ID, 'wwprovider0001']) {
      const res = await request(ctx.server)
        .get(dataPath)
        .query(suiteSigner(receiveId).urlVerification(`echo-${receiveId}`));
      expect({ status: res.status, text: res.text }).toEqual({
        status: 200,
        text: `echo-${receiveId}`,
      });
    }
    const customKeys = new WeComSigner(
      DEMO_CALLBACK_TOKEN,
      DEMO_ENCODING_AES_KEY,
      DEMO_CORP_ID,
    );
    const forged = await request(ctx.server)
      .get(dataPath)
      .query(customKeys.urlVerification('echo'));
    expect(forged.status).toBe(401);
  });

  describe('refuses, or answers and ignores, what must not move an incident', () => {
    let target: { id: string; taskId: string };
    const hostileCodes: string[] = [];
    /** A click on the target card, with a response code we can look for. */
    const hostileClick = (overrides: { corpId?: string; agentId?: number }) => {
      const responseCode = `hostile-${hostileCodes.length}`;
      hostileCodes.push(responseCode);
      return clickXml({
        corpId: overrides.corpId ?? DEMO_CORP_ID,
        agentId: overrides.agentId,
        taskId: target.taskId,
        eventKey: cardActionKey(target.id, { kind: 'startProcessing' }),
        responseCode,
      });
    };
    const post = (query: object, body: string) =>
      request(ctx.server)
        .post(dataPath)
        .query(query)
        .type('text/xml')
        .send(body);
    const sealed = (signer: WeComSigner, xml: string, timestamp?: string) => {
      const { query, body } = signer.xmlCallback(xml, timestamp);
      return post(query, body);
    };

    beforeAll(async () => {
      target = await openIncidentCard('svc is flapping');
    });

    it.each([
      ['unsigned', 400, () => post({}, '<xml><Encrypt>AAAA</Encrypt></xml>')],
      [
        'a bad signature',
        401,
        () => {
          const { query, body } = suiteSigner(DEMO_CORP_ID).xmlCallback(
            hostileClick({}),
          );
          return post({ ...query, msg_signature: 'f'.repeat(40) }, body);
        },
      ],
      [
        "a custom app's keys",
        401,
        () =>
          sealed(
            new WeComSigner(
              DEMO_CALLBACK_TOKEN,
              DEMO_ENCODING_AES_KEY,
              DEMO_CORP_ID,
            ),
            hostileClick({}),
          ),
      ],
      [
        'a stale timestamp',
        403,
        () =>
          sealed(
            suiteSigner(DEMO_CORP_ID),
            hostileClick({}),
            String(Math.floor(Date.now() / 1000) - 3600),
          ),
      ],
      [
        'a receiveId neither the suite nor the corp',
        400,
        () => sealed(suiteSigner('wwsomeoneelse01'), hostileClick({})),
      ],
      [
        'a click sealed for one corp that names another',
        400,
        () =>
          sealed(
            suiteSigner(DEMO_CORP_ID),
            hostileClick({ corpId: OTHER_CORP }),
          ),
      ],
      [
        'an unknown suite',
        404,
        () => {
          const { query, body } = suiteSigner(DEMO_CORP_ID).xmlCallback(
            hostileClick({}),
          );
          return request(ctx.server)
            .post('/api/wecom/suites/wwnosuchsuite/data-callback')
            .query(query)
            .send(body);
        },
      ],
      [
        'an oversized body',
        413,
        () =>
          post(
            suiteSigner(DEMO_CORP_ID).query('x'),
            `<xml><Encrypt>${'A'.repeat(70 * 1024)}</Encrypt></xml>`,
          ),
      ],
    ])('refuses %s with a %p', async (_name, status, send) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.text).not.toBe('');
    });

    it.each([
      ['of a corp whose integration never authorized the suite', OTHER_CORP],
      ['of a corp with no integration', 'wwnobody00000001'],
      ['from another agent than the authorized one', DEMO_CORP_ID, 1],
    ])(
      'answers a signed click %s with 200 and an empty body, and ignores it',
      async (_name, corpId, otherAgent = 0) => {
        for (const receiveId of [SUITE.suiteId, corpId]) {
          const xml = hostileClick({
            corpId,
            agentId: DEMO_AGENT_ID + otherAgent,
          });
          const res = await sealed(suiteSigner(receiveId), xml);
          expect({ status: res.status, text: res.text }).toEqual({
            status: 200,
            text: '',
          });
        }
      },
    );

    it('ignores clicks once the corp cancelled its authorization', async () => {
      expect((await instruct('cancel_auth', authCorp())).text).toBe('success');
      const res = await sealed(suiteSigner(DEMO_CORP_ID), hostileClick({}));
      expect({ status: res.status, text: res.text }).toEqual({
        status: 200,
        text: '',
      });
    });

    it('moved nothing: the incident is untouched and no handler saw those clicks', async () => {
      // A genuine event after them, sealed for the suite id: once the
      // handlers saw it, they had their turn at everything before.
      const marker = `marker-${Date.now()}`;
      await authorize();
      // One as the emulator seals it (receiveId: the corp), one sealed for
      // the suite id: the backend takes either.
      const fromEmulator = await emulator.sendAppMessage({
        suiteId: SUITE.suiteId,
        from: 'ZhangSan',
        content: `${marker}-corp`,
      });
      expect(fromEmulator.status).toBe(200);
      const sealedForSuite = await sealed(
        suiteSigner(SUITE.suiteId),
        `<xml><ToUserName><![CDATA[${DEMO_CORP_ID}]]></ToUserName><FromUserName><![CDATA[ZhangSan]]></FromUserName><CreateTime>${Math.floor(
          Date.now() / 1000,
        )}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${marker}-suite]]></Content><MsgId>${Date.now()}</MsgId><AgentID>${DEMO_AGENT_ID}</AgentID></xml>`,
      );
      expect(sealedForSuite.status).toBe(200);
      await until(() => {
        const contents = ctx.appEvents.map(e =>
          'content' in e ? e.content : undefined,
        );
        expect(contents).toEqual(
          expect.arrayContaining([`${marker}-corp`, `${marker}-suite`]),
        );
      });
      expect(ctx.appEvents.find(e => e.integrationId === 'tenant')).toEqual(
        expect.objectContaining({ corpId: DEMO_CORP_ID }),
      );

      expect(hostileCodes.length).toBeGreaterThan(5);
      const seen = ctx.appEvents.filter(e =>
        hostileCodes.includes((e as { responseCode?: string }).responseCode!),
      );
      expect(seen).toEqual([]);
      expect(await incident(target.id)).toMatchObject({ status: 'triggered' });
      expect(updatesOf(target.taskId)).toEqual([]);
    });
  });

  function authCorp() {
    return `<AuthCorpId><![CDATA[${DEMO_CORP_ID}]]></AuthCorpId>`;
  }
});

/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectRefused"] }] */
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  WECOM_WORKSPACE_IDENTITY_COOKIE,
  WeComWorkspaceIdentitySigner,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import request from 'supertest';
import {
  DEMO_AGENT_ID,
  DEMO_APP_SECRET,
  DEMO_CORP_ID,
  RunningEmulator,
  demoEmulatorOptions,
  startEmulator,
} from 'wecom-emulator';
import { createTestDatabases } from '../__testUtils__/databases';
import { freePort } from '../__testUtils__/freePort';
import {
  TEST_KEYS,
  startWeComBackend,
} from '../__testUtils__/startWeComBackend';
import { WorkspaceTicketBinder, hashLoginCookie } from './browserBinding';
import { OAuthStateSigner } from './OAuthStateSigner';
import {
  WorkspaceBrowser,
  readAppRedirect,
} from './__testUtils__/workspaceBrowser';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function customApp(id: string, apiBaseUrl: string) {
  return {
    id,
    name: `Demo Corp (${id})`,
    corpId: DEMO_CORP_ID,
    agentId: DEMO_AGENT_ID,
    secret: DEMO_APP_SECRET,
    apiBaseUrl,
  };
}

describe.each(databases.eachSupportedId())(
  'login from the WeCom workspace on %p',
  databaseId => {
    let emulator: RunningEmulator;
    let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
    let knex: Knex;
    let backendUrl: string;

    const homepage = (id = 'demo', query = '') =>
      `${backendUrl}/api/wecom/integrations/${id}/workspace${query}`;
    const ticketCount = async () =>
      Number((await knex('wecom_workspace_tickets').count({ n: '*' }))[0].n);
    const link = (ticket: string, user: string, binding?: string) => {
      const req = request(ctx.server)
        .post('/api/wecom/linked-users/workspace-link')
        .set('Authorization', mockCredentials.user.header(user));
      if (binding) req.set('Cookie', `wecom-workspace-ticket=${binding}`);
      return req.send({ ticket });
    };
    const resolve = (wecomUserId: string, integration = 'demo') =>
      request(ctx.server)
        .get('/api/wecom/linked-users/resolve')
        .query({ integration, wecomUserId })
        .set(
          'Authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service('plugin:auth'),
            targetPluginId: 'wecom',
          }),
        );

    /** Signs in from WeCom as `userid`; answers the app's ticket. */
    const signInAs = async (
      userid: string,
      browser = new WorkspaceBrowser(),
    ) => {
      emulator.setCurrentUser(userid);
      const res = await browser.signInFromWorkspace(homepage());
      expect(res.status).toBe(302);
      return { browser, ...readAppRedirect(res.location) };
    };

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      const emulatorPort = await freePort();
      const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
      ctx = await startWeComBackend({
        knex,
        integrations: [
          customApp('demo', emulatorUrl),
          customApp('other', emulatorUrl),
          {
            id: 'tenant',
            name: 'A tenant corp',
            mode: 'thirdPartyApp',
            corpId: 'wwtenant000000001',
          },
        ],
      });
      backendUrl = `http://localhost:${
        (ctx.server.address() as { port: number }).port
      }`;
      emulator = await startEmulator({
        ...demoEmulatorOptions({ backstageUrl: backendUrl }),
        port: emulatorPort,
      });
    });
    afterAll(async () => {
      await emulator?.close();
      await ctx?.backend.stop();
    });

    it('signs a member in through WeCom, links them to the signed-in user and resolves them for the auth provider', async () => {
      emulator.setCurrentUser('ZhangSan');
      const browser = new WorkspaceBrowser();

      // 1. The App Homepage URL sends the member to WeCom's OAuth2 page.
      const start = await browser.open(homepage('demo', '?redirect=/catalog'));
      expect(start.status).toBe(302);
      const authorize = new URL(start.location!);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(
        `${emulator.url}/connect/oauth2/authorize`,
      );
      expect(authorize.hash).toBe('#wechat_redirect');
      expect([...authorize.searchParams.keys()]).toEqual([
        'appid',
        'redirect_uri',
        'response_type',
        'scope',
        'state',
        'agentid',
      ]);
      expect(Object.fromEntries(authorize.searchParams)).toEqual({
        appid: DEMO_CORP_ID,
        redirect_uri: `${backendUrl}/api/wecom/integrations/demo/workspace/callback?redirect=%2Fcatalog`,
        response_type: 'code',
        scope: 'snsapi_base',
        state: expect.stringMatching(/^[0-9a-f]{104}$/), // WeCom: ≤128, a-zA-Z0-9
        agentid: String(DEMO_AGENT_ID),
      });
      // The state is bound to this browser by an HttpOnly cookie that only
      // this integration's callback receives.
      const login = browser.cookies.get('wecom-workspace-login')!;
      expect(login.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(login.attributes).toMatchObject({
        path: '/api/wecom/integrations/demo/workspace/callback',
        httponly: true,
        samesite: 'Lax',
      });

      // 2. WeCom (the emulator) redirects back with a code and our state.
      const wecom = await browser.open(start.location!);
      expect(wecom.status).toBe(302);
      expect(wecom.location).toMatch(
        /\/workspace\/callback\?redirect=%2Fcatalog&code=.+&state=[0-9a-f]+$/,
      );

      // 3. Our callback hands a ticket to the app and sets the identity.
      const done = await browser.open(wecom.location!);
      expect(done.status).toBe(302);
      const app = readAppRedirect(done.location);
      expect(`${app.url.origin}${app.url.pathname}`).toBe(
        'http://localhost:3000/wecom/workspace',
      );
      expect(app.integration).toBe('demo');
      expect(app.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const identity = browser.cookies.get(WECOM_WORKSPACE_IDENTITY_COOKIE)!;
      expect(identity.attributes).toMatchObject({
        path: '/api/auth/wecom',
        httponly: true,
        samesite: 'Lax',
      });
      expect(identity.attributes.secure).toBeUndefined(); // http backend
      const lifetimeHours = DateTime.fromHTTP(
        identity.attributes.expires as string,
      )
        .diffNow()
        .as('hours');
      expect(lifetimeHours).toBeGreaterThan(11.9);
      expect(lifetimeHours).toBeLessThanOrEqual(12);
      const verified = WeComWorkspaceIdentitySigner.fromSecretsKey(
        TEST_KEYS.secretsKey,
      ).verify(identity.value);
      expect(verified).toMatchObject({
        ok: true,
        identity: { integrationId: 'demo', wecomUserId: 'ZhangSan' },
      });
      const binding = browser.cookies.get('wecom-workspace-ticket')!;
      expect(binding.attributes).toMatchObject({
        path: '/api/wecom/linked-users/workspace-link',
        httponly: true,
      });

      // The ticket cookie is not the ticket of the URL, and the login
      // cookie is gone.
      expect(binding.value).not.toBe(app.ticket);
      expect(browser.cookies.has('wecom-workspace-login')).toBe(false);

      // Before the link the auth provider finds nobody.
      expect((await resolve('ZhangSan')).status).toBe(404);

      // 4a. The app shows what the ticket would link and asks to confirm;
      // looking does not use the ticket.
      for (let i = 0; i < 2; i++) {
        const preview = await request(ctx.server)
          .post('/api/wecom/linked-users/workspace-link/preview')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/zhangsan'),
          )
          .set('Cookie', `wecom-workspace-ticket=${binding.value}`)
          .send({ ticket: app.ticket });
        expect(preview.status).toBe(200);
        expect(preview.body).toEqual({
          integrationId: 'demo',
          integrationName: 'Demo Corp (demo)',
          wecomUserId: 'ZhangSan',
          wecomUserName: '张三',
          entityRef: 'user:default/zhangsan',
          alreadyLinked: false,
          redirectTo: '/catalog',
          expiresAt: expect.any(String),
        });
      }
      expect((await resolve('ZhangSan')).status).toBe(404);

      // 4b. The user confirms: the same browser redeems the ticket.
      const linked = await link(
        app.ticket,
        'user:default/zhangsan',
        binding.value,
      );
      expect(linked.status).toBe(200);
      expect(linked.body).toEqual({
        integrationId: 'demo',
        entityRef: 'user:default/zhangsan',
        wecomUserId: 'ZhangSan',
        redirectTo: '/catalog',
      });

      // 5. The auth provider (a service) resolves the member to the user.
      const resolved = await resolve('ZhangSan');
      expect(resolved.status).toBe(200);
      expect(resolved.body).toEqual({ entityRef: 'user:default/zhangsan' });
      const link_ = await knex('wecom_user_links')
        .where({ integration_id: 'demo', wecom_user_id: 'ZhangSan' })
        .first();
      expect(link_).toMatchObject({
        source: 'workspaceLogin',
        linked_by: 'user:default/zhangsan',
      });
    });

    it('refuses a replayed or expired ticket, and a ticket from another browser', async () => {
      const first = await signInAs('JohnDoe');
      const binding = first.browser.cookies.get('wecom-workspace-ticket')!;

      // Sent to someone else, the ticket does not link their account…
      const elsewhere = await link(first.ticket, 'user:default/mallory');
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.error.message).toMatch(
        /only be completed in the browser that opened the app from WeCom/,
      );
      expect((await resolve('JohnDoe')).status).toBe(404);

      // …and is not spent by the attempt: the member's browser still can.
      const ok = await link(first.ticket, 'user:default/jdoe', binding.value);
      expect(ok.status).toBe(200);

      const replay = await link(
        first.ticket,
        'user:default/jdoe',
        binding.value,
      );
      expect(replay.status).toBe(400);
      expect(replay.body.error.message).toMatch(/already used/);

      const late = await signInAs('JohnDoe');
      await knex('wecom_workspace_tickets')
        .whereNull('used_at')
        .update({
          expires_at: DateTime.utc().minus({ seconds: 1 }).toJSDate(),
        });
      const expired = await link(
        late.ticket,
        'user:default/jdoe',
        late.browser.cookies.get('wecom-workspace-ticket')!.value,
      );
      expect(expired.status).toBe(400);
      expect(expired.body.error.message).toMatch(/expired/);

      const unknown = await link(
        'not-a-ticket',
        'user:default/jdoe',
        WorkspaceTicketBinder.fromSecretsKey(TEST_KEYS.secretsKey).cookieFor(
          'not-a-ticket',
        ),
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(/not known/);
    });

    it('moves a member to the user who proves to be them (takeover)', async () => {
      const before = await signInAs('LiSi');
      await link(
        before.ticket,
        'user:default/someone-else',
        before.browser.cookies.get('wecom-workspace-ticket')!.value,
      );
      expect((await resolve('LiSi')).body.entityRef).toBe(
        'user:default/someone-else',
      );

      const now = await signInAs('LiSi');
      // The confirmation says whose link moves (and which member the user
      // had before, here none).
      const preview = await request(ctx.server)
        .post('/api/wecom/linked-users/workspace-link/preview')
        .set('Authorization', mockCredentials.user.header('user:default/lisi'))
        .set(
          'Cookie',
          `wecom-workspace-ticket=${
            now.browser.cookies.get('wecom-workspace-ticket')!.value
          }`,
        )
        .send({ ticket: now.ticket });
      expect(preview.body).toMatchObject({
        wecomUserId: 'LiSi',
        alreadyLinked: false,
        linkedTo: 'user:default/someone-else',
      });
      expect(preview.body.replacesWecomUserId).toBeUndefined();
      const res = await link(
        now.ticket,
        'user:default/lisi',
        now.browser.cookies.get('wecom-workspace-ticket')!.value,
      );
      expect(res.status).toBe(200);
      expect((await resolve('LiSi')).body.entityRef).toBe('user:default/lisi');
    });

    it("opens the incident from a card's detail link: a linked member goes through the workspace sign-in straight to the incident", async () => {
      const zhaoliu = 'user:default/zhaoliu';
      const first = await signInAs('ZhaoLiu');
      await link(
        first.ticket,
        zhaoliu,
        first.browser.cookies.get('wecom-workspace-ticket')!.value,
      );
      const incident = await request(ctx.server)
        .post('/api/wecom/incidents')
        .set('Authorization', mockCredentials.user.header())
        .send({ title: 'Checkout 5xx', severity: 'critical' });
      const preview = await request(ctx.server)
        .post('/api/wecom/templates/preview')
        .set('Authorization', mockCredentials.user.header())
        .send({ integrationId: 'demo', incidentId: incident.body.id });
      const detailUrl: string = preview.body.card.card_action.url;
      expect(detailUrl).toBe(
        homepage(
          'demo',
          `?redirect=${encodeURIComponent(
            `/wecom/incidents/${incident.body.id}`,
          )}`,
        ),
      );

      // Tapping the card in WeCom: the member signs in on the way…
      emulator.setCurrentUser('ZhaoLiu');
      const browser = new WorkspaceBrowser();
      const done = await browser.signInFromWorkspace(detailUrl);
      expect(done.status).toBe(302);
      const app = readAppRedirect(done.location);
      // …and the app, seeing the member is linked already, opens the incident.
      const seen = await request(ctx.server)
        .post('/api/wecom/linked-users/workspace-link/preview')
        .set('Authorization', mockCredentials.user.header(zhaoliu))
        .set(
          'Cookie',
          `wecom-workspace-ticket=${
            browser.cookies.get('wecom-workspace-ticket')!.value
          }`,
        )
        .send({ ticket: app.ticket });
      expect(seen.body).toMatchObject({
        alreadyLinked: true,
        redirectTo: `/wecom/incidents/${incident.body.id}`,
      });
    });

    it('tells a user already linked to the member, and one linked to another member', async () => {
      const first = await signInAs('ZhaoLiu');
      const ticketCookie = (b: WorkspaceBrowser) =>
        `wecom-workspace-ticket=${
          b.cookies.get('wecom-workspace-ticket')!.value
        }`;
      await link(
        first.ticket,
        'user:default/zhaoliu',
        first.browser.cookies.get('wecom-workspace-ticket')!.value,
      );
      const again = await signInAs('ZhaoLiu');
      const same = await request(ctx.server)
        .post('/api/wecom/linked-users/workspace-link/preview')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/zhaoliu'),
        )
        .set('Cookie', ticketCookie(again.browser))
        .send({ ticket: again.ticket });
      expect(same.body).toMatchObject({ alreadyLinked: true });
      expect(same.body.linkedTo).toBeUndefined();

      const other = await signInAs('AliceSmith');
      const replaces = await request(ctx.server)
        .post('/api/wecom/linked-users/workspace-link/preview')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/zhaoliu'),
        )
        .set('Cookie', ticketCookie(other.browser))
        .send({ ticket: other.ticket });
      expect(replaces.body).toMatchObject({
        wecomUserId: 'AliceSmith',
        alreadyLinked: false,
        replacesWecomUserId: 'ZhaoLiu',
      });
    });

    it('needs a signed-in user to redeem and a service to resolve', async () => {
      const anonymous = await request(ctx.server)
        .post('/api/wecom/linked-users/workspace-link')
        .set('Authorization', mockCredentials.none.header())
        .send({ ticket: 'x' });
      expect(anonymous.status).toBe(401);
      const asService = await request(ctx.server)
        .post('/api/wecom/linked-users/workspace-link')
        .set('Authorization', mockCredentials.service.header())
        .send({ ticket: 'x' });
      expect(asService.status).toBe(403);
      const noTicket = await request(ctx.server)
        .post('/api/wecom/linked-users/workspace-link')
        .set('Authorization', mockCredentials.user.header())
        .send({});
      expect(noTicket.status).toBe(400);

      const resolveAsUser = await request(ctx.server)
        .get('/api/wecom/linked-users/resolve')
        .query({ integration: 'demo', wecomUserId: 'ZhangSan' })
        .set('Authorization', mockCredentials.user.header());
      expect(resolveAsUser.status).toBe(403);
      // Another service (here Alertmanager's static token, which the docs
      // restrict to wecom.incident.create) may not read who is linked to whom.
      const resolveAsOtherService = await request(ctx.server)
        .get('/api/wecom/linked-users/resolve')
        .query({ integration: 'demo', wecomUserId: 'ZhangSan' })
        .set(
          'Authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service('external:alertmanager'),
            targetPluginId: 'wecom',
          }),
        );
      expect(resolveAsOtherService.status).toBe(403);
    });

    describe('login CSRF: a callback URL forwarded to another browser', () => {
      it('refuses the victim’s browser and links nobody, even if it is signed in', async () => {
        // The attacker (WangWu) starts the sign-in in their own browser and
        // stops before our callback: they now hold a valid code and state.
        emulator.setCurrentUser('WangWu');
        const attacker = new WorkspaceBrowser();
        const start = await attacker.open(homepage());
        const wecom = await attacker.open(start.location!);
        expect(wecom.location).toMatch(/\/workspace\/callback\?code=.+&state=/);
        const tickets = await ticketCount();

        // They send that URL to a colleague signed in to Backstage.
        const victim = new WorkspaceBrowser();
        const opened = await victim.open(wecom.location!);
        // Whatever the victim's browser got, the app page would try it as
        // the signed-in victim (today it redeems on load).
        if (opened.location) {
          const { ticket } = readAppRedirect(opened.location);
          await link(
            ticket,
            'user:default/zhangsan',
            victim.cookies.get('wecom-workspace-ticket')?.value,
          );
        }
        expect((await resolve('WangWu')).status).toBe(404);

        expect(opened.status).toBe(400);
        expect(opened.body).toMatch(/not started in this browser/);
        expect(opened.setCookies).toEqual([]);
        expect(victim.cookies.size).toBe(0);
        expect(await ticketCount()).toBe(tickets);
      });

      it('still completes in the browser that started it, once', async () => {
        emulator.setCurrentUser('WangWu');
        const attacker = new WorkspaceBrowser();
        const start = await attacker.open(homepage());
        const wecom = await attacker.open(start.location!);
        // The victim's refusal did not spend the state…
        expect(
          (await new WorkspaceBrowser().open(wecom.location!)).status,
        ).toBe(400);
        // …so the browser that started the sign-in finishes it.
        const done = await attacker.open(wecom.location!);
        expect(done.status).toBe(302);
        expect(readAppRedirect(done.location).ticket).not.toBe('');
      });
    });

    describe('a leaked app URL', () => {
      it('is not enough to link: the ticket cookie is not the ticket', async () => {
        // ChenJing's app URL (with its ticket) ends up in a proxy log or a
        // chat; an attacker replays it with a cookie made from the URL.
        const member = await signInAs('ChenJing');
        const forged = await link(
          member.ticket,
          'user:default/wangwu',
          member.ticket,
        );
        expect(forged.status).toBe(400);
        expect(forged.body.error.message).toMatch(
          /only be completed in the browser that opened the app from WeCom/,
        );
        expect((await resolve('ChenJing')).status).toBe(404);
        const preview = await request(ctx.server)
          .post('/api/wecom/linked-users/workspace-link/preview')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/wangwu'),
          )
          .set('Cookie', `wecom-workspace-ticket=${member.ticket}`)
          .send({ ticket: member.ticket });
        expect(preview.status).toBe(400);
      });
    });

    describe('OAuth state forgery', () => {
      /**
       * A real callback URL from WeCom for `id`, not yet opened, and the
       * browser that started it (whose login cookie the state is bound to).
       */
      const callbackFromWeCom = async (id = 'demo', query = '') => {
        emulator.setCurrentUser('ZhangSan');
        const browser = new WorkspaceBrowser();
        const start = await browser.open(homepage(id, query));
        const wecom = await browser.open(start.location!);
        return { url: new URL(wecom.location!), browser };
      };
      const withParam = (url: URL, key: string, value: string) => {
        const copy = new URL(url);
        copy.searchParams.set(key, value);
        return copy.toString();
      };
      /** Opens a callback and checks it is refused and issues nothing. */
      const expectRefused = async (
        browser: WorkspaceBrowser,
        url: string,
        reason: RegExp,
      ) => {
        const tickets = await ticketCount();
        const res = await browser.open(url);
        expect(res.status).toBe(400);
        expect(res.body).toMatch(reason);
        expect(res.body).toMatch(/Open the app again from the WeCom workspace/);
        expect(res.setCookies).toEqual([]);
        expect(res.location).toBeUndefined();
        expect(await ticketCount()).toBe(tickets);
      };
      const flip = (text: string, at: number) =>
        text.slice(0, at) + (text[at] === '0' ? '1' : '0') + text.slice(at + 1);

      it('refuses a state whose nonce or expiry was changed', async () => {
        const { url, browser } = await callbackFromWeCom();
        const state = url.searchParams.get('state')!;
        await expectRefused(
          browser,
          withParam(url, 'state', flip(state, 3)),
          /does not match this link/,
        );
        await expectRefused(
          browser,
          withParam(url, 'state', flip(state, 35)),
          /does not match this link/,
        );
      });

      it('refuses a state whose signature was changed', async () => {
        const { url, browser } = await callbackFromWeCom();
        const state = url.searchParams.get('state')!;
        await expectRefused(
          browser,
          withParam(url, 'state', flip(state, state.length - 1)),
          /does not match this link/,
        );
        await expectRefused(
          browser,
          withParam(url, 'state', state.slice(0, -2)),
          /malformed/,
        );
      });

      it('refuses a redirect changed on the way back', async () => {
        const { url, browser } = await callbackFromWeCom(
          'demo',
          '?redirect=/catalog',
        );
        await expectRefused(
          browser,
          withParam(url, 'redirect', '/settings'),
          /does not match this link/,
        );
      });

      it('refuses a login cookie of another sign-in of the same browser', async () => {
        const first = await callbackFromWeCom();
        const second = await callbackFromWeCom();
        // The first browser now holds the second sign-in's login cookie.
        first.browser.cookies.set(
          'wecom-workspace-login',
          second.browser.cookies.get('wecom-workspace-login')!,
        );
        await expectRefused(
          first.browser,
          first.url.toString(),
          /started in another browser/,
        );
      });

      it('refuses an expired state', async () => {
        const { url, browser } = await callbackFromWeCom();
        const { state } = OAuthStateSigner.fromSecretsKey(
          TEST_KEYS.secretsKey,
        ).sign(
          {
            integrationId: 'demo',
            redirectTo: '/wecom',
            browser: hashLoginCookie(
              browser.cookies.get('wecom-workspace-login')!.value,
            ),
          },
          { expiresAt: DateTime.utc().minus({ seconds: 1 }) },
        );
        await expectRefused(
          browser,
          withParam(url, 'state', state),
          /took longer than 10 minutes/,
        );
      });

      it('refuses the state of another integration', async () => {
        const other = await callbackFromWeCom('other');
        const { url, browser } = await callbackFromWeCom('demo');
        await expectRefused(
          browser,
          withParam(url, 'state', other.url.searchParams.get('state')!),
          /made for another WeCom integration/,
        );
      });

      it('refuses a state used a second time, even with a fresh code and the login cookie', async () => {
        const { url, browser } = await callbackFromWeCom();
        const loginCookie = browser.cookies.get('wecom-workspace-login')!;
        const first = await browser.open(url.toString());
        expect(first.status).toBe(302);
        // The callback cleared the login cookie; a copy kept aside (by the
        // member, or an attacker replaying their own sign-in) does not help.
        expect(browser.cookies.has('wecom-workspace-login')).toBe(false);
        const replayer = new WorkspaceBrowser();
        replayer.cookies.set(loginCookie.name, loginCookie);
        await expectRefused(
          replayer,
          withParam(url, 'code', emulator.issueOAuthCode('ZhangSan')),
          /already used/,
        );
      });

      it('refuses a callback without state or code', async () => {
        const { url, browser } = await callbackFromWeCom();
        const noState = new URL(url);
        noState.searchParams.delete('state');
        await expectRefused(browser, noState.toString(), /state is missing/);
        const noCode = new URL(url);
        noCode.searchParams.delete('code');
        await expectRefused(browser, noCode.toString(), /sent no sign-in code/);
      });

      it('answers a repeated parameter with the refusal page, as every other refusal', async () => {
        const { url, browser } = await callbackFromWeCom();
        for (const name of ['state', 'code']) {
          const repeated = new URL(url);
          repeated.searchParams.append(name, 'again');
          await expectRefused(browser, repeated.toString(), /sign-in/i);
        }
      });

      it('refuses a code WeCom does not know', async () => {
        const { url, browser } = await callbackFromWeCom();
        await expectRefused(
          browser,
          withParam(url, 'code', 'made-up-code'),
          /WeCom refused the sign-in code \(errcode 40029\)/,
        );
      });
    });

    describe('homepage refusals', () => {
      it('refuses a redirect that leaves the app', async () => {
        for (const redirect of [
          '//evil.example/x',
          'https://evil.example',
          '/\\evil.example',
          'catalog',
          '%2F%2Fevil.com',
          `${'javascript'}:alert(1)`,
          '/\t/evil.com',
          '/wecom\r\nSet-Cookie: a=b',
        ]) {
          const res = await new WorkspaceBrowser().open(
            homepage('demo', `?redirect=${encodeURIComponent(redirect)}`),
          );
          expect(res.status).toBe(400);
          expect(res.body).toMatch(/must be a path inside Backstage/);
        }
      });

      it('refuses a third-party app no configured suite serves, and says why', async () => {
        // Third-party sign-in itself: callbacks/thirdPartyApp.emulator.test.ts.
        const view = await request(ctx.server)
          .get('/api/wecom/integrations/tenant')
          .set('Authorization', mockCredentials.user.header());
        expect(view.status).toBe(200);
        expect(view.body.urls.homepageUrl).toBe(homepage('tenant'));

        const res = await new WorkspaceBrowser().open(homepage('tenant'));
        expect(res.status).toBe(400);
        expect(res.body).toMatch(/cannot sign members in/);
        expect(res.body).toMatch(/no suite in wecom.suites serves it/);
      });

      it('answers 404 for an unknown integration', async () => {
        const res = await new WorkspaceBrowser().open(homepage('nope'));
        expect(res.status).toBe(404);
        expect(res.body).toMatch(/no WeCom integration &quot;nope&quot;/);
      });

      it('gives the custom app its homepage URL and trusted domain', async () => {
        const view = await request(ctx.server)
          .get('/api/wecom/integrations/demo')
          .set('Authorization', mockCredentials.user.header());
        const host = new URL(backendUrl).host;
        expect(view.body.urls).toMatchObject({
          homepageUrl: `http://${host}/api/wecom/integrations/demo/workspace`,
          trustedDomain: host,
        });
      });
    });
  },
);

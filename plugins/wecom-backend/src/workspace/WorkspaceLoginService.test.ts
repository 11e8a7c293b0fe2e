import { mockServices } from '@backstage/backend-test-utils';
import { WeComWorkspaceIdentitySigner } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { TEST_KEYS } from '../__testUtils__/startWeComBackend';
import { WeComNetworkError } from '../connector';
import { applyMigrations } from '../database/migrations';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComClientProvider } from '../integrations/WeComClientProvider';
import { WeComIntegration } from '../integrations/types';
import { DatabaseLinkStore } from '../linking/DatabaseLinkStore';
import { WorkspaceTicketBinder, hashLoginCookie } from './browserBinding';
import { OAuthStateSigner } from './OAuthStateSigner';
import { UsedOAuthStateStore } from './UsedOAuthStateStore';
import { WorkspaceLoginService } from './WorkspaceLoginService';
import { WorkspaceTicketStore } from './WorkspaceTicketStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const integration: WeComIntegration = {
  id: 'acme',
  name: 'ACME',
  mode: 'customApp',
  corpId: TEST_KEYS.corpId,
  agentId: 1000002,
  secret: TEST_KEYS.secret,
  apiBaseUrl: 'https://wecom.acme.internal',
  warRoom: { enabled: false },
  source: 'config',
};

describe.each(databases.eachSupportedId())(
  'WorkspaceLoginService on %p',
  databaseId => {
    let knex: Knex;
    let userInfo: jest.Mock;
    const stateSigner = OAuthStateSigner.fromSecretsKey(TEST_KEYS.secretsKey);

    const service = (withKey = true) =>
      new WorkspaceLoginService({
        integrations: {
          get: async (id: string) =>
            id === integration.id ? integration : undefined,
        } as unknown as IntegrationService,
        clients: {
          forIntegration: () => ({ getUserInfoByOAuthCode: userInfo }),
        } as unknown as WeComClientProvider,
        links: new DatabaseLinkStore(knex),
        usedStates: new UsedOAuthStateStore(knex),
        tickets: new WorkspaceTicketStore(knex),
        signers: withKey
          ? {
              state: stateSigner,
              identity: WeComWorkspaceIdentitySigner.fromSecretsKey(
                TEST_KEYS.secretsKey,
              ),
              ticket: WorkspaceTicketBinder.fromSecretsKey(
                TEST_KEYS.secretsKey,
              ),
            }
          : undefined,
        appBaseUrl: 'https://backstage.acme.example',
        logger: mockServices.logger.mock(),
      });
    const loginCookie = 'the-login-cookie-of-this-browser';
    const freshState = () =>
      stateSigner.sign({
        integrationId: 'acme',
        redirectTo: '/wecom',
        browser: hashLoginCookie(loginCookie),
      }).state;
    const complete = (state = freshState()) =>
      service().complete({
        integrationId: 'acme',
        code: 'CODE',
        state,
        redirect: undefined,
        loginCookie,
      });

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await applyMigrations(knex);
    });
    beforeEach(() => {
      userInfo = jest.fn();
    });

    it('sends a private deployment to its own OAuth2 page', async () => {
      const { authorizeUrl } = await service().start({
        integrationId: 'acme',
        redirect: undefined,
        callbackUrl: 'https://backstage.acme.example/api/wecom/cb',
      });
      expect(authorizeUrl).toMatch(
        /^https:\/\/wecom\.acme\.internal\/connect\/oauth2\/authorize\?appid=wwtest0000000001&redirect_uri=https%3A%2F%2Fbackstage\.acme\.example%2Fapi%2Fwecom%2Fcb&response_type=code&scope=snsapi_base&state=[0-9a-f]{104}&agentid=1000002#wechat_redirect$/,
      );
    });

    it('refuses a WeCom answer that names no member (e.g. a non-member)', async () => {
      userInfo.mockResolvedValue({ openid: 'oAbc123' });
      await expect(complete()).rejects.toMatchObject({
        status: 400,
        reason: expect.stringMatching(/did not name a member/),
      });
    });

    it('answers 502, not 500, when WeCom cannot be reached', async () => {
      userInfo.mockRejectedValue(
        new WeComNetworkError({
          api: '/cgi-bin/auth/getuserinfo',
          message: 'ECONNREFUSED',
        }),
      );
      await expect(complete()).rejects.toMatchObject({
        status: 502,
        reason: expect.stringMatching(/could not be reached/),
      });
    });

    it('says workspace login needs wecom.secretsKey when it is not set', async () => {
      await expect(
        service(false).start({
          integrationId: 'acme',
          redirect: undefined,
          callbackUrl: 'https://backstage.acme.example/cb',
        }),
      ).rejects.toMatchObject({
        status: 503,
        reason: expect.stringMatching(/wecom\.secretsKey is not set/),
      });
    });

    it('prunes expired states and tickets, keeping live ones', async () => {
      const now = DateTime.utc();
      const used = new UsedOAuthStateStore(knex);
      const tickets = new WorkspaceTicketStore(knex);
      await knex('wecom_oauth_states').delete();
      await knex('wecom_workspace_tickets').delete();
      await used.markUsed({
        nonce: 'a'.repeat(32),
        integrationId: 'acme',
        expiresAt: now.minus({ minutes: 1 }),
      });
      await used.markUsed({
        nonce: 'b'.repeat(32),
        integrationId: 'acme',
        expiresAt: now.plus({ minutes: 1 }),
      });
      const member = {
        integrationId: 'acme',
        wecomUserId: 'ZhangSan',
        redirectTo: '/wecom',
      };
      await tickets.create(member, now.minus({ minutes: 6 }));
      const live = await tickets.create(member, now);

      await service().prune(now);

      expect(await knex('wecom_oauth_states').pluck('nonce')).toEqual([
        'b'.repeat(32),
      ]);
      expect(
        Number((await knex('wecom_workspace_tickets').count({ n: '*' }))[0].n),
      ).toBe(1);
      expect(await tickets.redeem(live.ticket, now)).toMatchObject({
        status: 'redeemed',
      });
    });
  },
);

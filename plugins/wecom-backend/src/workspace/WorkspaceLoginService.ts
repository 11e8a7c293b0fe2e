import { timingSafeEqual } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { WeComWorkspaceLinkResult } from 'backstage-plugin-wecom-common';
import { WeComWorkspaceIdentitySigner } from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { isWeComApiError } from '../connector';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComClientProvider } from '../integrations/WeComClientProvider';
import { WeComIntegration } from '../integrations/types';
import { LinkStore } from '../linking/LinkStore';
import { OAuthStateSigner } from './OAuthStateSigner';
import { UsedOAuthStateStore } from './UsedOAuthStateStore';
import { WorkspaceLoginRefusal } from './WorkspaceLoginRefusal';
import { WorkspaceTicketStore } from './WorkspaceTicketStore';
import { buildAuthorizeUrl } from './authorizeUrl';
import { DEFAULT_WORKSPACE_REDIRECT, readRedirectPath } from './redirectPath';

/** What a completed OAuth2 callback hands to the browser. */
export interface CompletedWorkspaceLogin {
  /** The app page that redeems the ticket. */
  appUrl: string;
  ticket: { value: string; expiresAt: DateTime };
  /** For the `wecom` auth provider's passwordless sign-in. */
  identity: { token: string; expiresAt: DateTime };
}

/**
 * Login from the WeCom workspace: the App Homepage sends the member through
 * WeCom's OAuth2; the callback turns the code into a WeCom userid, a
 * single-use ticket for the app and a signed identity for the auth provider;
 * the signed-in user redeems the ticket to link themselves to that member.
 */
export class WorkspaceLoginService {
  constructor(
    private readonly options: {
      integrations: IntegrationService;
      clients: WeComClientProvider;
      links: LinkStore;
      usedStates: UsedOAuthStateStore;
      tickets: WorkspaceTicketStore;
      /** Absent without `wecom.secretsKey`: nothing can be signed. */
      signers?: {
        state: OAuthStateSigner;
        identity: WeComWorkspaceIdentitySigner;
      };
      appBaseUrl: string;
      logger: LoggerService;
    },
  ) {}

  /** The WeCom authorize URL the App Homepage URL redirects to. */
  async start(input: {
    integrationId: string;
    redirect: unknown;
    callbackUrl: string;
  }): Promise<string> {
    const integration = await this.requireCustomApp(input.integrationId);
    const signers = this.requireSigners();
    const redirectTo = readRedirectPath(input.redirect);
    const { state } = signers.state.sign({
      integrationId: integration.id,
      redirectTo,
    });
    // The redirect rides in redirect_uri's query (WeCom keeps it and adds
    // code and state); the state's MAC covers it.
    const redirectUri = new URL(input.callbackUrl);
    if (redirectTo !== DEFAULT_WORKSPACE_REDIRECT) {
      redirectUri.searchParams.set('redirect', redirectTo);
    }
    return buildAuthorizeUrl({
      apiBaseUrl: integration.apiBaseUrl,
      corpId: integration.corpId,
      agentId: integration.agentId!,
      redirectUri: redirectUri.toString(),
      state,
    });
  }

  /**
   * WeCom's redirect back: checks the state (signature, expiry, integration,
   * first use), asks WeCom who the code belongs to, then issues the ticket
   * and the identity. Every refusal happens before anything is issued.
   */
  async complete(input: {
    integrationId: string;
    code: unknown;
    state: unknown;
    redirect: unknown;
  }): Promise<CompletedWorkspaceLogin> {
    const integration = await this.requireCustomApp(input.integrationId);
    const signers = this.requireSigners();
    if (typeof input.state !== 'string' || !input.state) {
      throw new WorkspaceLoginRefusal(
        400,
        'The sign-in state is missing from WeCom’s redirect',
      );
    }
    if (typeof input.code !== 'string' || !input.code) {
      throw new WorkspaceLoginRefusal(
        400,
        'WeCom sent no sign-in code (the member may have cancelled)',
      );
    }
    const check = signers.state.verify(input.state, {
      integrationId: integration.id,
      redirectTo: readRedirectPath(input.redirect),
    });
    if (!check.ok) {
      throw new WorkspaceLoginRefusal(400, capitalise(check.reason));
    }
    if (!(await this.options.usedStates.markUsed(check.state))) {
      throw new WorkspaceLoginRefusal(
        400,
        'This sign-in link was already used',
      );
    }
    const wecomUserId = await this.exchangeCode(integration, input.code);

    const ticket = await this.options.tickets.create({
      integrationId: integration.id,
      wecomUserId,
      redirectTo: check.state.redirectTo,
    });
    const identity = signers.identity.sign({
      integrationId: integration.id,
      wecomUserId,
    });
    this.options.logger.info(
      `WeCom member ${wecomUserId} of integration ${integration.id} opened the app from the WeCom workspace`,
    );
    const appUrl = new URL(`${this.options.appBaseUrl}/wecom/workspace`);
    appUrl.searchParams.set('ticket', ticket.ticket);
    appUrl.searchParams.set('integration', integration.id);
    return {
      appUrl: appUrl.toString(),
      ticket: { value: ticket.ticket, expiresAt: ticket.expiresAt },
      identity: {
        token: identity.token,
        expiresAt: DateTime.fromJSDate(identity.expiresAt).toUTC(),
      },
    };
  }

  /**
   * Links the signed-in user to the member a ticket carries. `binding` is
   * the ticket cookie of the browser that went through WeCom: without it a
   * ticket sent to someone else cannot link their account to the sender.
   */
  async link(input: {
    ticket: string;
    binding: string | undefined;
    entityRef: string;
  }): Promise<WeComWorkspaceLinkResult> {
    if (!input.binding || !sameString(input.binding, input.ticket)) {
      throw new InputError(
        'This link can only be completed in the browser that opened the app from WeCom. Open the app from the WeCom workspace again, in this browser',
      );
    }
    const redemption = await this.options.tickets.redeem(input.ticket);
    if (redemption.status !== 'redeemed') {
      const why = {
        unknown: 'The WeCom sign-in ticket is not known',
        used: 'The WeCom sign-in ticket was already used',
        expired: 'The WeCom sign-in ticket has expired (after 5 minutes)',
      }[redemption.status];
      throw new InputError(
        `${why}. Open the app from the WeCom workspace again`,
      );
    }
    if (!(await this.options.integrations.get(redemption.integrationId))) {
      throw new InputError(
        `The WeCom integration "${redemption.integrationId}" no longer exists`,
      );
    }
    // The member proved who they are through WeCom, so the link moves to
    // this user even if another user held it.
    await this.options.links.link(
      {
        integrationId: redemption.integrationId,
        entityRef: input.entityRef,
        wecomUserId: redemption.wecomUserId,
        source: 'workspaceLogin',
        linkedBy: input.entityRef,
      },
      { takeOver: true },
    );
    return {
      integrationId: redemption.integrationId,
      entityRef: input.entityRef,
      wecomUserId: redemption.wecomUserId,
      redirectTo: redemption.redirectTo,
    };
  }

  /** The user linked to a member, for the auth provider's sign-in. */
  async resolve(
    integrationId: string,
    wecomUserId: string,
  ): Promise<string | undefined> {
    const link = await this.options.links.findByMember(
      integrationId,
      wecomUserId,
    );
    return link?.entityRef;
  }

  /** Forgets expired states and tickets. */
  async prune(now: DateTime = DateTime.utc()): Promise<void> {
    await this.options.usedStates.prune(now);
    await this.options.tickets.prune(now);
  }

  private async requireCustomApp(id: string): Promise<WeComIntegration> {
    const integration = await this.options.integrations.get(id);
    if (!integration) {
      throw new WorkspaceLoginRefusal(
        404,
        `There is no WeCom integration "${id}" in this Backstage; check the App Homepage URL in the WeCom admin console`,
      );
    }
    if (integration.mode !== 'customApp') {
      throw new WorkspaceLoginRefusal(
        400,
        `Integration "${id}" is a third-party app: login from the WeCom workspace works with a custom (self-built) app only`,
      );
    }
    if (integration.agentId === undefined) {
      throw new WorkspaceLoginRefusal(
        400,
        `Integration "${id}" has no AgentId; an admin must set it before members can open the app from WeCom`,
      );
    }
    return integration;
  }

  private requireSigners() {
    if (!this.options.signers) {
      throw new WorkspaceLoginRefusal(
        503,
        'Login from the WeCom workspace is not available: wecom.secretsKey is not set in the Backstage configuration',
      );
    }
    return this.options.signers;
  }

  private async exchangeCode(
    integration: WeComIntegration,
    code: string,
  ): Promise<string> {
    let info;
    try {
      info = await this.options.clients
        .forIntegration(integration)
        .getUserInfoByOAuthCode(code);
    } catch (error) {
      if (isWeComApiError(error)) {
        throw new WorkspaceLoginRefusal(
          400,
          `WeCom refused the sign-in code (errcode ${error.errcode}): it may have expired or been used already`,
        );
      }
      this.options.logger.warn(
        `Workspace login of integration ${integration.id}: WeCom could not be asked who the member is`,
        error as Error,
      );
      throw new WorkspaceLoginRefusal(
        502,
        'WeCom could not be reached to confirm who you are. Try again in a moment; if it keeps failing, tell your Backstage admin',
      );
    }
    if (!info.userid) {
      throw new WorkspaceLoginRefusal(
        400,
        'WeCom did not name a member of this organisation (are you signed in to WeCom as an external contact?)',
      );
    }
    return info.userid;
  }
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

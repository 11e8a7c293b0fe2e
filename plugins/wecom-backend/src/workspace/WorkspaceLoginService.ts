import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  WeComWorkspaceLinkPreview,
  WeComWorkspaceLinkResult,
} from 'backstage-plugin-wecom-common';
import { WeComWorkspaceIdentitySigner } from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { AppAgents } from '../integrations/appAgent';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComClientProvider } from '../integrations/WeComClientProvider';
import { WeComIntegration } from '../integrations/types';
import { LinkStore } from '../linking/LinkStore';
import {
  WorkspaceTicketBinder,
  hashLoginCookie,
  newLoginCookieValue,
} from './browserBinding';
import { OAuthStateSigner } from './OAuthStateSigner';
import { UsedOAuthStateStore } from './UsedOAuthStateStore';
import { WorkspaceLoginRefusal } from './WorkspaceLoginRefusal';
import { WorkspaceTicketStore } from './WorkspaceTicketStore';
import { buildAuthorizeUrl } from './authorizeUrl';
import { DEFAULT_WORKSPACE_REDIRECT, readRedirectPath } from './redirectPath';
import { workspaceLoginApp } from './workspaceLoginApp';
import { memberName, memberOfLoginCode } from './workspaceMembers';

/** What the App Homepage URL hands to the browser. */
export interface StartedWorkspaceLogin {
  /** WeCom's OAuth2 page. */
  authorizeUrl: string;
  /** The login cookie the state is bound to; only this browser finishes. */
  loginCookie: { value: string; expiresAt: DateTime };
}

/** What a completed OAuth2 callback hands to the browser. */
export interface CompletedWorkspaceLogin {
  /** The app page that shows the ticket and asks to confirm the link. */
  appUrl: string;
  /** The ticket cookie's value: binds the ticket to this browser. */
  ticket: { cookie: string; expiresAt: DateTime };
  /** For the `wecom` auth provider's passwordless sign-in. */
  identity: { token: string; expiresAt: DateTime };
}

/**
 * Login from the WeCom workspace: the App Homepage sends the member through
 * WeCom's OAuth2; the callback (in the same browser only) turns the code
 * into a WeCom userid, a single-use ticket for the app and a signed identity
 * for the auth provider; the signed-in user looks at what the ticket would
 * link, confirms, and redeems it to link themselves to that member.
 */
export class WorkspaceLoginService {
  constructor(
    private readonly options: {
      integrations: IntegrationService;
      clients: WeComClientProvider;
      /** Third-party apps: their suite and the corp's authorization. */
      appAgents?: AppAgents;
      links: LinkStore;
      usedStates: UsedOAuthStateStore;
      tickets: WorkspaceTicketStore;
      /** Absent without `wecom.secretsKey`: nothing can be signed. */
      signers?: {
        state: OAuthStateSigner;
        identity: WeComWorkspaceIdentitySigner;
        ticket: WorkspaceTicketBinder;
      };
      appBaseUrl: string;
      logger: LoggerService;
    },
  ) {}

  /**
   * The WeCom authorize URL the App Homepage URL redirects to, and the login
   * cookie its state is bound to.
   */
  async start(input: {
    integrationId: string;
    redirect: unknown;
    callbackUrl: string;
  }): Promise<StartedWorkspaceLogin> {
    const { integration, app } = await workspaceLoginApp(
      this.options,
      input.integrationId,
    );
    const signers = this.requireSigners();
    const redirectTo = readRedirectPath(input.redirect);
    const loginCookie = newLoginCookieValue();
    const { state, expiresAt } = signers.state.sign({
      integrationId: integration.id,
      redirectTo,
      browser: hashLoginCookie(loginCookie),
    });
    // The redirect rides in redirect_uri's query (WeCom keeps it and adds
    // code and state); the state's MAC covers it.
    const redirectUri = new URL(input.callbackUrl);
    if (redirectTo !== DEFAULT_WORKSPACE_REDIRECT) {
      redirectUri.searchParams.set('redirect', redirectTo);
    }
    return {
      authorizeUrl: buildAuthorizeUrl({
        apiBaseUrl: integration.apiBaseUrl,
        app,
        redirectUri: redirectUri.toString(),
        state,
      }),
      loginCookie: { value: loginCookie, expiresAt },
    };
  }

  /**
   * WeCom's redirect back: checks the state (signature over integration,
   * redirect and this browser's login cookie, expiry, first use), asks WeCom
   * who the code belongs to, then issues the ticket and the identity. Every
   * refusal happens before anything is issued; a callback opened in another
   * browser is refused before the state is spent or WeCom is asked.
   */
  async complete(input: {
    integrationId: string;
    code: unknown;
    state: unknown;
    redirect: unknown;
    /** The login cookie of the browser that opened the callback. */
    loginCookie: string | undefined;
  }): Promise<CompletedWorkspaceLogin> {
    const { integration } = await workspaceLoginApp(
      this.options,
      input.integrationId,
    );
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
    if (!input.loginCookie) {
      // Someone else's callback URL (login CSRF), or cookies are blocked.
      throw new WorkspaceLoginRefusal(
        400,
        'This sign-in was not started in this browser (or the browser blocks cookies). If someone sent you this link, do not use it',
      );
    }
    const check = signers.state.verify(input.state, {
      integrationId: integration.id,
      redirectTo: readRedirectPath(input.redirect),
      browser: hashLoginCookie(input.loginCookie),
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
    const wecomUserId = await memberOfLoginCode(
      this.options,
      integration,
      input.code,
    );

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
      ticket: {
        cookie: signers.ticket.cookieFor(ticket.ticket),
        expiresAt: ticket.expiresAt,
      },
      identity: {
        token: identity.token,
        expiresAt: DateTime.fromJSDate(identity.expiresAt).toUTC(),
      },
    };
  }

  /**
   * What redeeming a ticket would do, for the user to confirm: the member,
   * the integration, and whose link would move. Does not use the ticket.
   * `binding` is the ticket cookie, as for {@link link}.
   */
  async preview(input: {
    ticket: string;
    binding: string | undefined;
    entityRef: string;
  }): Promise<WeComWorkspaceLinkPreview> {
    this.requireBinding(input);
    const peek = await this.options.tickets.peek(input.ticket);
    if (peek.status !== 'valid') throw ticketRefusal(peek.status);
    const integration = await this.requireLinkIntegration(peek.integrationId);
    const { links } = this.options;
    const [holder, own] = await Promise.all([
      links.findByMember(integration.id, peek.wecomUserId),
      links.get(integration.id, input.entityRef),
    ]);
    const alreadyLinked = holder?.entityRef === input.entityRef;
    return {
      integrationId: integration.id,
      integrationName: integration.name,
      wecomUserId: peek.wecomUserId,
      wecomUserName: await memberName(
        this.options,
        integration,
        peek.wecomUserId,
      ),
      entityRef: input.entityRef,
      alreadyLinked,
      ...(holder && !alreadyLinked ? { linkedTo: holder.entityRef } : {}),
      ...(own && own.wecomUserId !== peek.wecomUserId
        ? { replacesWecomUserId: own.wecomUserId }
        : {}),
      redirectTo: peek.redirectTo,
      expiresAt: peek.expiresAt.toISO()!,
    };
  }

  /**
   * Links the signed-in user to the member a ticket carries, after the user
   * confirmed what {@link preview} showed. `binding` is the ticket cookie of
   * the browser that went through WeCom: without it a ticket sent to (or
   * read from a URL by) someone else links nobody.
   */
  async link(input: {
    ticket: string;
    binding: string | undefined;
    entityRef: string;
  }): Promise<WeComWorkspaceLinkResult> {
    this.requireBinding(input);
    const redemption = await this.options.tickets.redeem(input.ticket);
    if (redemption.status !== 'redeemed') {
      throw ticketRefusal(redemption.status);
    }
    await this.requireLinkIntegration(redemption.integrationId);
    // The member proved who they are through WeCom, in this browser, and
    // the user confirmed: the link moves to this user even if another user
    // held it (the confirmation said so).
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

  private requireBinding(input: {
    ticket: string;
    binding: string | undefined;
  }): void {
    const signers = this.options.signers;
    if (!signers || !signers.ticket.matches(input.ticket, input.binding)) {
      throw new InputError(
        'This link can only be completed in the browser that opened the app from WeCom. Open the app from the WeCom workspace again, in this browser',
      );
    }
  }

  private async requireLinkIntegration(id: string): Promise<WeComIntegration> {
    const integration = await this.options.integrations.get(id);
    if (!integration) {
      throw new InputError(`The WeCom integration "${id}" no longer exists`);
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
}

function ticketRefusal(status: 'unknown' | 'used' | 'expired'): InputError {
  const why = {
    unknown: 'The WeCom sign-in ticket is not known',
    used: 'The WeCom sign-in ticket was already used',
    expired: 'The WeCom sign-in ticket has expired (after 5 minutes)',
  }[status];
  return new InputError(`${why}. Open the app from the WeCom workspace again`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

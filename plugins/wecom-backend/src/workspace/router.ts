import {
  AuditorService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  CustomErrorBase,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { WECOM_WORKSPACE_IDENTITY_COOKIE } from 'backstage-plugin-wecom-node';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { withAuditEvent } from '../http/access';
import {
  WORKSPACE_LOGIN_COOKIE,
  WORKSPACE_TICKET_COOKIE,
  readCookie,
  workspaceCookieOptions,
} from './cookies';
import { sendRefusalPage } from './refusalPage';
import { WorkspaceLoginRefusal } from './WorkspaceLoginRefusal';
import { WorkspaceLoginService } from './WorkspaceLoginService';
import { WorkspaceRateLimiter, clientKey } from './WorkspaceRateLimiter';
import { parseInput } from '../http/parseInput';

/** A 429 the plugin's error handler answers as JSON. */
class TooManyRequests extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;
  constructor(retryAfterSeconds: number) {
    super(`Too many requests: wait ${retryAfterSeconds} seconds and try again`);
  }
}

/** The auth backend's service principal, which runs the `wecom` provider. */
const AUTH_BACKEND = 'plugin:auth';

const workspaceLinkSchema = z.object({
  ticket: z.string().trim().min(1).max(128),
});

const resolveQuerySchema = z.object({
  integration: z.string().trim().min(1).max(64),
  wecomUserId: z.string().trim().min(1).max(64),
});

/**
 * Login from the WeCom workspace: the App Homepage URL and WeCom's OAuth2
 * callback (opened by members in WeCom, without a Backstage token, limited
 * per client), the ticket preview and redemption of the signed-in user, and
 * the member-to-user lookup of the `wecom` auth provider.
 */
export function createWorkspaceRouter(options: {
  workspaceLogin: WorkspaceLoginService;
  workspaceRateLimiter: WorkspaceRateLimiter;
  httpAuth: HttpAuthService;
  discovery: DiscoveryService;
  auditor: AuditorService;
  logger: LoggerService;
}): express.Router {
  const { workspaceLogin, httpAuth, discovery, auditor, logger } = options;
  const limiter = options.workspaceRateLimiter;
  const router = Router();

  /** Where a cookie of this plugin's routes lives, e.g. `/api/wecom/x`. */
  const wecomCookie = async (subPath: string) => {
    const base = await discovery.getExternalBaseUrl('wecom');
    return workspaceCookieOptions(base, `${new URL(base).pathname}${subPath}`);
  };
  const callbackPath = (id: string) =>
    `/integrations/${encodeURIComponent(id)}/workspace/callback`;

  /**
   * Anyone can open the browser routes, and each callback costs a WeCom
   * call: a client over its budget gets a 429 page with Retry-After.
   */
  const perClient =
    (route: string) =>
    async (req: Request, res: Response, next: NextFunction) => {
      const check = await limiter.consume(`${route}:${clientKey(req.ip)}`);
      if (check.ok) {
        next();
        return;
      }
      res.set('Retry-After', String(check.retryAfterSeconds));
      sendRefusalPage(
        res,
        429,
        `Too many sign-in attempts from your network. Wait ${check.retryAfterSeconds} seconds and try again`,
      );
    };

  /** Runs a browser step; refusals and failures become a readable page. */
  const inBrowser = async (res: Response, step: () => Promise<void>) => {
    try {
      await step();
    } catch (error) {
      if (error instanceof WorkspaceLoginRefusal) {
        sendRefusalPage(res, error.status, error.reason);
        return;
      }
      logger.error('Workspace login failed unexpectedly', error as Error);
      sendRefusalPage(
        res,
        500,
        'Backstage could not complete the sign-in; the backend log has the details',
      );
    }
  };

  router.get(
    '/integrations/:id/workspace',
    perClient('start'),
    async (req, res) => {
      await inBrowser(res, async () => {
        const base = await discovery.getExternalBaseUrl('wecom');
        const started = await workspaceLogin.start({
          integrationId: req.params.id,
          redirect: req.query.redirect,
          callbackUrl: `${base}${callbackPath(req.params.id)}`,
        });
        // Only the callback of this integration sees the login cookie.
        res.cookie(WORKSPACE_LOGIN_COOKIE, started.loginCookie.value, {
          ...(await wecomCookie(callbackPath(req.params.id))),
          expires: started.loginCookie.expiresAt.toJSDate(),
        });
        res
          .set('Cache-Control', 'no-store')
          .redirect(302, started.authorizeUrl);
      });
    },
  );

  router.get(
    '/integrations/:id/workspace/callback',
    perClient('callback'),
    async (req, res) => {
      await inBrowser(res, async () => {
        const done = await workspaceLogin.complete({
          integrationId: req.params.id,
          code: req.query.code,
          state: req.query.state,
          redirect: req.query.redirect,
          loginCookie: readCookie(req, WORKSPACE_LOGIN_COOKIE),
        });
        const authBase = await discovery.getExternalBaseUrl('auth');
        // The login cookie did its job (the state is spent anyway).
        res.clearCookie(
          WORKSPACE_LOGIN_COOKIE,
          await wecomCookie(callbackPath(req.params.id)),
        );
        // Only the `wecom` auth provider's routes see the identity…
        res.cookie(WECOM_WORKSPACE_IDENTITY_COOKIE, done.identity.token, {
          ...workspaceCookieOptions(
            authBase,
            `${new URL(authBase).pathname}/wecom`,
          ),
          expires: done.identity.expiresAt.toJSDate(),
        });
        // …and only the ticket preview and redemption see its binding.
        res.cookie(WORKSPACE_TICKET_COOKIE, done.ticket.cookie, {
          ...(await wecomCookie('/linked-users/workspace-link')),
          expires: done.ticket.expiresAt.toJSDate(),
        });
        res.set('Cache-Control', 'no-store').redirect(302, done.appUrl);
      });
    },
  );

  router.use('/linked-users', express.json({ limit: '16kb' }));

  // Any signed-in user, no permission: what the ticket of this browser
  // would link, for the user to confirm (under the ticket cookie's path).
  router.post('/linked-users/workspace-link/preview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { ticket } = parseInput(
      workspaceLinkSchema,
      req.body,
      'workspace link preview',
    );
    const entityRef = credentials.principal.userEntityRef;
    // The preview asks WeCom for the member's name: a budget per user.
    const check = await limiter.consume(`preview:${entityRef}`);
    if (!check.ok) {
      res.set('Retry-After', String(check.retryAfterSeconds));
      throw new TooManyRequests(check.retryAfterSeconds);
    }
    res.set('Cache-Control', 'no-store').json(
      await workspaceLogin.preview({
        ticket,
        binding: readCookie(req, WORKSPACE_TICKET_COOKIE),
        entityRef,
      }),
    );
  });

  // Any signed-in user, no permission: the member proved who they are
  // through WeCom in this browser, the user confirmed, and only their own
  // user is linked.
  router.post('/linked-users/workspace-link', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { ticket } = parseInput(
      workspaceLinkSchema,
      req.body,
      'workspace link',
    );
    const entityRef = credentials.principal.userEntityRef;
    const result = await withAuditEvent(
      auditor,
      {
        eventId: 'user-link',
        request: req,
        meta: { action: 'workspace-login', entityRef },
      },
      () =>
        workspaceLogin.link({
          ticket,
          binding: readCookie(req, WORKSPACE_TICKET_COOKIE),
          entityRef,
        }),
      linked => ({
        integrationId: linked.integrationId,
        wecomUserId: linked.wecomUserId,
      }),
    );
    res.clearCookie(
      WORKSPACE_TICKET_COOKIE,
      await wecomCookie('/linked-users/workspace-link'),
    );
    res.json(result);
  });

  // For the `wecom` auth provider, not for browsers nor other services: a
  // static token (Alertmanager's, an MCP client's) passes no permission
  // here, and must not read who is linked to whom.
  router.get('/linked-users/resolve', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    if (credentials.principal.subject !== AUTH_BACKEND) {
      throw new NotAllowedError(
        'Only the auth backend (its wecom sign-in provider) may resolve WeCom members',
      );
    }
    const query = parseInput(resolveQuerySchema, req.query, 'resolve query');
    const entityRef = await workspaceLogin.resolve(
      query.integration,
      query.wecomUserId,
    );
    if (!entityRef) {
      throw new NotFoundError(
        `WeCom member "${query.wecomUserId}" of integration "${query.integration}" is not linked to a Backstage user`,
      );
    }
    res.json({ entityRef });
  });

  return router;
}

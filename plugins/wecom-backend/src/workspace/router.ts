import {
  AuditorService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { WECOM_WORKSPACE_IDENTITY_COOKIE } from 'backstage-plugin-wecom-node';
import express, { Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { withAuditEvent } from '../http/access';
import { parseInput } from '../linking/validation';
import { WORKSPACE_TICKET_COOKIE, readCookie } from './cookies';
import { sendRefusalPage } from './refusalPage';
import { WorkspaceLoginRefusal } from './WorkspaceLoginRefusal';
import { WorkspaceLoginService } from './WorkspaceLoginService';

const workspaceLinkSchema = z.object({
  ticket: z.string().trim().min(1).max(128),
});

const resolveQuerySchema = z.object({
  integration: z.string().trim().min(1).max(64),
  wecomUserId: z.string().trim().min(1).max(64),
});

/**
 * Login from the WeCom workspace: the App Homepage URL and WeCom's OAuth2
 * callback (opened by members in WeCom, without a Backstage token), the
 * ticket redemption of the signed-in user, and the member-to-user lookup of
 * the `wecom` auth provider.
 */
export function createWorkspaceRouter(options: {
  workspaceLogin: WorkspaceLoginService;
  httpAuth: HttpAuthService;
  discovery: DiscoveryService;
  auditor: AuditorService;
  logger: LoggerService;
}): express.Router {
  const { workspaceLogin, httpAuth, discovery, auditor, logger } = options;
  const router = Router();

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

  router.get('/integrations/:id/workspace', async (req, res) => {
    await inBrowser(res, async () => {
      const base = await discovery.getExternalBaseUrl('wecom');
      const location = await workspaceLogin.start({
        integrationId: req.params.id,
        redirect: req.query.redirect,
        callbackUrl: `${base}/integrations/${encodeURIComponent(
          req.params.id,
        )}/workspace/callback`,
      });
      res.set('Cache-Control', 'no-store').redirect(302, location);
    });
  });

  router.get('/integrations/:id/workspace/callback', async (req, res) => {
    await inBrowser(res, async () => {
      const done = await workspaceLogin.complete({
        integrationId: req.params.id,
        code: req.query.code,
        state: req.query.state,
        redirect: req.query.redirect,
      });
      const wecomBase = new URL(await discovery.getExternalBaseUrl('wecom'));
      const authBase = new URL(await discovery.getExternalBaseUrl('auth'));
      const cookie = {
        httpOnly: true,
        sameSite: 'lax' as const,
        secure: wecomBase.protocol === 'https:',
      };
      // Only the `wecom` auth provider's routes see the identity…
      res.cookie(WECOM_WORKSPACE_IDENTITY_COOKIE, done.identity.token, {
        ...cookie,
        path: `${authBase.pathname}/wecom`,
        expires: done.identity.expiresAt.toJSDate(),
      });
      // …and only the ticket redemption sees the ticket's binding.
      res.cookie(WORKSPACE_TICKET_COOKIE, done.ticket.value, {
        ...cookie,
        path: `${wecomBase.pathname}/linked-users/workspace-link`,
        expires: done.ticket.expiresAt.toJSDate(),
      });
      res.set('Cache-Control', 'no-store').redirect(302, done.appUrl);
    });
  });

  router.use('/linked-users', express.json({ limit: '16kb' }));

  // Any signed-in user, no permission: the member proved who they are
  // through WeCom, and only their own user is linked.
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
    const wecomBase = new URL(await discovery.getExternalBaseUrl('wecom'));
    res.clearCookie(WORKSPACE_TICKET_COOKIE, {
      path: `${wecomBase.pathname}/linked-users/workspace-link`,
    });
    res.json(result);
  });

  // For the `wecom` auth provider (a service), not for browsers.
  router.get('/linked-users/resolve', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
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

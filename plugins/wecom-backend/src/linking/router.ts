import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  wecomLinkedUsersManagePermission,
  wecomLinkedUsersReadPermission,
} from 'backstage-plugin-wecom-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { createAuthorizer, withAuditEvent } from '../http/access';
import { LinkedUsersService } from './LinkedUsersService';
import { ManualLinkService } from './ManualLinkService';
import { OneClickLinkRunner } from './OneClickLinkRunner';
import {
  latestRunQuerySchema,
  linkedUsersQuerySchema,
  manualLinkSchema,
  startRunSchema,
  unlinkQuerySchema,
} from './validation';
import { parseInput } from '../http/parseInput';

/** The admin API of Linked Users; every route is permission-guarded. */
export function createLinkedUsersRouter(options: {
  linkedUsers: LinkedUsersService;
  manualLinks: ManualLinkService;
  oneClickLink: OneClickLinkRunner;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): express.Router {
  const { linkedUsers, manualLinks, oneClickLink } = options;
  const { httpAuth, permissions, auditor } = options;
  const router = Router();
  router.use('/linked-users', express.json({ limit: '16kb' }));

  const checkPermission = createAuthorizer({ httpAuth, permissions, auditor });
  /** Checks the permission; answers who asked, for `linkedBy`. */
  const authorize = async (req: Request, permission: BasicPermission) =>
    (await checkPermission(req, permission)).userEntityRef;

  /** Runs a change with an audit event that says who did what. */
  const audited = <T>(
    req: Request,
    meta: { action: string; integrationId: string; entityRef?: string },
    fn: () => Promise<T>,
  ): Promise<T> =>
    withAuditEvent(
      auditor,
      {
        eventId: 'user-link',
        request: req,
        meta: { ...meta, entityRef: meta.entityRef ?? null },
      },
      fn,
    );

  router.get('/linked-users', async (req, res) => {
    await authorize(req, wecomLinkedUsersReadPermission);
    const query = parseInput(linkedUsersQuerySchema, req.query, 'query');
    res.json(await linkedUsers.list(query));
  });

  router.post('/linked-users/links', async (req, res) => {
    const admin = await authorize(req, wecomLinkedUsersManagePermission);
    const input = parseInput(manualLinkSchema, req.body, 'link');
    const meta = {
      action: 'link',
      integrationId: input.integrationId,
      entityRef: input.entityRef,
    };
    res.json(await audited(req, meta, () => manualLinks.link(input, admin)));
  });

  router.delete('/linked-users/links', async (req, res) => {
    await authorize(req, wecomLinkedUsersManagePermission);
    const query = parseInput(unlinkQuerySchema, req.query, 'query');
    const meta = {
      action: 'unlink',
      integrationId: query.integration,
      entityRef: query.entityRef,
    };
    await audited(req, meta, () =>
      manualLinks.unlink(query.integration, query.entityRef),
    );
    res.status(204).end();
  });

  router.post('/linked-users/one-click-link', async (req, res) => {
    const admin = await authorize(req, wecomLinkedUsersManagePermission);
    const { integrationId } = parseInput(startRunSchema, req.body, 'request');
    const meta = { action: 'oneClickLink', integrationId };
    const run = await audited(req, meta, () =>
      oneClickLink.start(integrationId, admin),
    );
    res.status(202).json(run);
  });

  router.get('/linked-users/one-click-link', async (req, res) => {
    await authorize(req, wecomLinkedUsersReadPermission);
    const query = parseInput(latestRunQuerySchema, req.query, 'query');
    res.json({ run: (await oneClickLink.latest(query.integration)) ?? null });
  });

  router.get('/linked-users/one-click-link/runs/:runId', async (req, res) => {
    await authorize(req, wecomLinkedUsersReadPermission);
    res.json(await oneClickLink.get(req.params.runId));
  });

  return router;
}

import {
  AuditorService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  wecomIntegrationManagePermission,
  wecomIntegrationReadPermission,
} from 'backstage-plugin-wecom-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { IntegrationService } from './IntegrationService';
import { IntegrationStateStore } from './IntegrationStateStore';
import { WeComClientProvider } from './WeComClientProvider';
import { createAuthorizer, withAuditEvent } from '../http/access';
import { BotConnectionLeases, runHealthCheck } from './healthCheck';
import { toIntegrationView } from './view';
import { AppAgents } from './appAgent';

/** The admin API of integrations; every route is permission-guarded. */
export function createIntegrationsRouter(options: {
  integrations: IntegrationService;
  state: IntegrationStateStore;
  clients: WeComClientProvider;
  botConnectionLeases: BotConnectionLeases;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  discovery: DiscoveryService;
  auditor: AuditorService;
  logger: LoggerService;
  appAgents: AppAgents;
}): express.Router {
  const { integrations, httpAuth, permissions, discovery, auditor } = options;
  const router = Router();
  router.use('/integrations', express.json({ limit: '64kb' }));

  const authorize = createAuthorizer({ httpAuth, permissions, auditor });
  const view = async (integration: Parameters<typeof toIntegrationView>[0]) =>
    toIntegrationView(
      integration,
      await discovery.getExternalBaseUrl('wecom'),
      integration.mode === 'thirdPartyApp'
        ? await options.appAgents.authorizationOf(integration)
        : undefined,
      integration.mode === 'thirdPartyApp'
        ? await options.appAgents.suiteOf(integration)
        : undefined,
    );

  /** Runs a change with an audit event that says who did what. */
  const audited = <T>(
    req: Request,
    action: string,
    id: string | undefined,
    fn: () => Promise<T>,
  ): Promise<T> =>
    withAuditEvent(
      auditor,
      {
        eventId: 'integration-change',
        request: req,
        meta: { action, integrationId: id ?? null },
      },
      fn,
    );

  router.get('/integrations', async (req, res) => {
    await authorize(req, wecomIntegrationReadPermission);
    const items = await integrations.list();
    res.json({ items: await Promise.all(items.map(view)) });
  });

  // The setup form's suite choice: ids and names only, never the suite's
  // secret, token or EncodingAESKey.
  router.get('/suites', async (req, res) => {
    await authorize(req, wecomIntegrationReadPermission);
    res.json({ items: integrations.suites() });
  });

  router.get('/integrations/:id', async (req, res) => {
    await authorize(req, wecomIntegrationReadPermission);
    res.json(await view(await integrations.require(req.params.id)));
  });

  router.post('/integrations', async (req, res) => {
    await authorize(req, wecomIntegrationManagePermission);
    const created = await audited(req, 'create', req.body?.id, () =>
      integrations.create(req.body),
    );
    res.status(201).json(await view(created));
  });

  router.put('/integrations/:id', async (req, res) => {
    await authorize(req, wecomIntegrationManagePermission);
    const updated = await audited(req, 'update', req.params.id, () =>
      integrations.update(req.params.id, req.body),
    );
    res.json(await view(updated));
  });

  router.delete('/integrations/:id', async (req, res) => {
    await authorize(req, wecomIntegrationManagePermission);
    await audited(req, 'delete', req.params.id, () =>
      integrations.delete(req.params.id),
    );
    res.status(204).end();
  });

  router.post('/integrations/:id/test', async (req, res) => {
    await authorize(req, wecomIntegrationManagePermission);
    const integration = await integrations.require(req.params.id);
    const report = await runHealthCheck(
      integration,
      options.clients.forIntegration(integration),
      await options.state.get(integration.id),
      options.logger.child({ area: 'integrations' }),
      options.botConnectionLeases,
      integration.mode === 'thirdPartyApp'
        ? await options.appAgents.authorizationOf(integration)
        : undefined,
    );
    res.json(report);
  });

  return router;
}

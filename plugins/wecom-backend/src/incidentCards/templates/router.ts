import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  wecomIncidentReadPermission,
  wecomIntegrationManagePermission,
  wecomIntegrationReadPermission,
} from 'backstage-plugin-wecom-common';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { createAuthorizer, withAuditEvent } from '../../http/access';
import { CardTemplateService } from './CardTemplateService';
import {
  deleteTemplateQuerySchema,
  listTemplatesQuerySchema,
  previewSchema,
  saveTemplateSchema,
} from './validation';
import { parseInput } from '../../http/parseInput';

/** Where previews find their incident. */
export type IncidentLookup = Pick<WeComIncidentProvider, 'getIncident'>;

/**
 * The admin API of card templates. Reading needs `wecom.integration.read`;
 * previewing renders a real incident's fields, so it needs
 * `wecom.incident.read` too; changing needs `wecom.integration.manage`.
 */
export function createCardTemplatesRouter(options: {
  cardTemplates: CardTemplateService;
  incidents: IncidentLookup;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): express.Router {
  const { cardTemplates, incidents, httpAuth, permissions, auditor } = options;
  const router = Router();
  router.use('/templates', express.json({ limit: '64kb' }));
  const authorize = createAuthorizer({ httpAuth, permissions, auditor });

  /** Runs a change with an audit event that says who did what. */
  const audited = <T>(
    req: Request,
    meta: { action: string; integrationId: string; entityRef?: string | null },
    fn: () => Promise<T>,
  ): Promise<T> =>
    withAuditEvent(
      auditor,
      {
        eventId: 'template-change',
        request: req,
        meta: { ...meta, entityRef: meta.entityRef ?? null },
      },
      fn,
    );

  router.get('/templates', async (req, res) => {
    await authorize(req, wecomIntegrationReadPermission);
    const query = parseInput(listTemplatesQuerySchema, req.query, 'query');
    res.json(await cardTemplates.list(query.integration));
  });

  router.put('/templates', async (req, res) => {
    const { userEntityRef } = await authorize(
      req,
      wecomIntegrationManagePermission,
    );
    const input = parseInput(saveTemplateSchema, req.body, 'template');
    const meta = {
      action: 'save',
      integrationId: input.integrationId,
      entityRef: input.entityRef,
    };
    res.json(
      await audited(req, meta, () => cardTemplates.save(input, userEntityRef)),
    );
  });

  router.delete('/templates', async (req, res) => {
    await authorize(req, wecomIntegrationManagePermission);
    const query = parseInput(deleteTemplateQuerySchema, req.query, 'query');
    const meta = {
      action: 'delete',
      integrationId: query.integration,
      entityRef: query.entityRef,
    };
    await audited(req, meta, () =>
      cardTemplates.delete(query.integration, query.entityRef),
    );
    res.status(204).end();
  });

  router.post('/templates/preview', async (req, res) => {
    await authorize(req, wecomIntegrationReadPermission);
    // The card shows the incident's fields: as GET /incidents/:id would.
    // Asked before the lookup, so a refusal tells nothing of which ids exist.
    await authorize(req, wecomIncidentReadPermission);
    const input = parseInput(previewSchema, req.body, 'preview request');
    const incident = await incidents.getIncident(input.incidentId);
    if (!incident) {
      throw new NotFoundError(`No incident with id "${input.incidentId}"`);
    }
    res.json(await cardTemplates.preview(input, incident));
  });

  return router;
}

import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { wecomIncidentReadPermission } from 'backstage-plugin-wecom-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { createAuthorizer } from '../../http/access';
import { OutboxCardDelivery } from './OutboxCardDelivery';
import { parseInput } from '../../http/parseInput';

const paramsSchema = z.object({ id: z.string().trim().min(1).max(64) });

/** Per-recipient delivery status of an incident's cards. */
export function createDeliveryRouter(options: {
  cardDelivery: Pick<OutboxCardDelivery, 'listDeliveries'>;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const router = Router();
  const authorize = createAuthorizer(options);

  router.get('/incidents/:id/deliveries', async (req, res) => {
    await authorize(req, wecomIncidentReadPermission);
    const { id } = parseInput(paramsSchema, req.params, 'incident id');
    res.json({ items: await options.cardDelivery.listDeliveries(id) });
  });

  return router;
}

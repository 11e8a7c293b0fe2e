import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { wecomIncidentReadPermission } from 'backstage-plugin-wecom-common';
import express from 'express';
import Router from 'express-promise-router';
import { createAuthorizer } from '../http/access';
import { parseAnalyticsQuery } from './analyticsQuery';
import { AnalyticsFigures } from './cachedAnalytics';

/**
 * `GET /analytics`. Guarded by the incidents' own read permission: the
 * figures count what the incident list and its deliveries already show.
 */
export function createAnalyticsRouter(options: {
  analytics: AnalyticsFigures;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const router = Router();
  const authorize = createAuthorizer(options);

  router.get('/analytics', async (req, res) => {
    await authorize(req, wecomIncidentReadPermission);
    const query = parseAnalyticsQuery(req.query);
    res.json(await options.analytics.analytics(query));
  });

  return router;
}

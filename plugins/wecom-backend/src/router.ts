import {
  AuditorService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import { createAnalyticsRouter } from './analytics/router';
import { createCallbackRouter } from './callbacks/router';
import { createSuiteCallbackRouter } from './callbacks/suiteRouter';
import { createIncidentsRouter } from './incidents/router';
import { createPostmortemsRouter } from './aiSre/postmortems/router';
import { createIntegrationsRouter } from './integrations/router';
import { createLinkedUsersRouter } from './linking/router';
import { createOnCallRouter } from './oncall/router';
import { createPreferencesRouter } from './recipients/router';
import { createCardTemplatesRouter } from './incidentCards/templates/router';
import { createDeliveryRouter } from './incidentCards/delivery/router';
import { createWorkspaceRouter } from './workspace/router';
import { createWarRoomsRouter } from './warRooms/router';
import { createEscalationPoliciesRouter } from './escalation/policyRouter';
import { createSchedulesRouter } from './schedules/router';
import { WeComServices } from './services';
import { createApiRouter } from './schema/apiRouter';

/**
 * Mounts each area's router on the router typed by `schema/openapi.yaml`;
 * the areas do the work.
 */
export async function createRouter(
  options: WeComServices & {
    logger: LoggerService;
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    discovery: DiscoveryService;
    auditor: AuditorService;
  },
): Promise<express.Router> {
  const { router, validateParameters } = await createApiRouter();
  // The callbacks come first, outside validation: WeCom's signed requests
  // are checked (and refused in plain text) by the callback services.
  router.use(
    createCallbackRouter({
      callbacks: options.callbacks,
      refusals: options.refusals,
      maxBodyBytes: options.settings.maxBodyBytes,
    }),
  );
  router.use(
    createSuiteCallbackRouter({
      suiteCallbacks: options.suiteCallbacks,
      suiteDataCallbacks: options.suiteDataCallbacks,
      refusals: options.refusals,
      suites: options.suites,
      maxBodyBytes: options.settings.maxBodyBytes,
    }),
  );
  // Admin routes: no id of ours holds a NUL; PostgreSQL would refuse it with a 500.
  router.use((req, _res, next) => {
    if (/%00/.test(req.path)) {
      throw new InputError('The path must not contain NUL characters');
    }
    next();
  });
  // The workspace sign-in pages, before validation too: members open them
  // in a browser, so whatever is wrong gets the sign-in refusal page, and
  // every request counts against the per-client rate limit first.
  router.use(createWorkspaceRouter(options));
  router.use(validateParameters);
  router.use(createIntegrationsRouter(options));
  router.use(createLinkedUsersRouter({ ...options, ...options.linking }));
  router.use(createPreferencesRouter(options));
  // Before the incidents router, whose 64 KB body limit would answer a big
  // post-mortem edit with 413 before its own 400 check.
  router.use(createPostmortemsRouter(options));
  router.use(createIncidentsRouter(options));
  router.use(createOnCallRouter(options));
  router.use(createDeliveryRouter(options));
  router.use(createEscalationPoliciesRouter(options));
  router.use(createWarRoomsRouter(options));
  router.use(createSchedulesRouter(options));
  router.use(
    createCardTemplatesRouter({
      ...options,
      incidents: options.incidentProvider,
    }),
  );
  router.use(createAnalyticsRouter(options));
  return router;
}

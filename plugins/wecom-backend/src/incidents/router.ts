import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  wecomIncidentCreatePermission,
  wecomIncidentReadPermission,
  wecomIncidentUpdatePermission,
} from 'backstage-plugin-wecom-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { createAuthorizer, withAuditEvent } from '../http/access';
import { AlertmanagerReceiver } from './alertmanager/AlertmanagerReceiver';
import { alertmanagerPayloadSchema } from './alertmanager/payload';
import { IncidentService } from './IncidentService';
import {
  incidentInputSchema,
  incidentPatchSchema,
  incidentQuerySchema,
  transitionSchema,
} from './validation';
import { parseInput } from '../http/parseInput';
import { isWeComInvalidTransitionError } from 'backstage-plugin-wecom-node';

/** `responder=me` names the signed-in user (lower-cased); a service has no "me". */
function me(callerRef: string | undefined): string {
  if (!callerRef) {
    throw new InputError(
      'Invalid query: responder=me needs a signed-in user; a service must name the user (responder=user:default/…)',
    );
  }
  return callerRef;
}

/** The incidents API and the Alertmanager webhook; every route is permission-guarded. */
export function createIncidentsRouter(options: {
  incidents: IncidentService;
  alertmanager: AlertmanagerReceiver;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): express.Router {
  const { incidents, alertmanager, auditor } = options;
  const router = Router();
  // Alertmanager sends up to every alert of a group in one notification.
  router.use('/incidents/alertmanager', express.json({ limit: '1mb' }));
  router.use('/incidents', express.json({ limit: '64kb' }));

  const authorize = createAuthorizer(options);

  /** Runs a change with an audit event that says who did what. */
  const audited = <T>(
    req: Request,
    meta: JsonObject,
    fn: () => Promise<T>,
    successMeta?: (result: T) => JsonObject,
  ): Promise<T> =>
    withAuditEvent(
      auditor,
      { eventId: 'incident-change', request: req, meta },
      fn,
      successMeta,
    );

  router.get('/incidents', async (req, res) => {
    const { callerRef } = await authorize(req, wecomIncidentReadPermission);
    const { responder, ...query } = parseInput(
      incidentQuerySchema,
      req.query,
      'query',
    );
    res.json(
      await incidents.list({
        ...query,
        responder: responder === 'me' ? me(callerRef) : responder,
      }),
    );
  });

  router.post('/incidents', async (req, res) => {
    const { userEntityRef } = await authorize(
      req,
      wecomIncidentCreatePermission,
    );
    const input = parseInput(incidentInputSchema, req.body, 'incident');
    const incident = await audited(
      req,
      { action: 'create', title: input.title, severity: input.severity },
      () => incidents.create({ ...input, source: 'api' }, userEntityRef),
      created => ({ incidentId: created.id }),
    );
    res.status(201).json(incident);
  });

  router.post('/incidents/alertmanager', async (req, res) => {
    await authorize(req, wecomIncidentCreatePermission);
    const payload = parseInput(
      alertmanagerPayloadSchema,
      req.body,
      'Alertmanager notification',
    );
    const outcome = await audited(
      req,
      { action: 'alertmanager', status: payload.status },
      () => alertmanager.receive(payload),
      result => ({
        outcome: result.action,
        incidentId: result.incident?.id ?? null,
      }),
    );
    res.json({
      action: outcome.action,
      incidentId: outcome.incident?.id ?? null,
    });
  });

  router.get('/incidents/:id', async (req, res) => {
    await authorize(req, wecomIncidentReadPermission);
    res.json(await incidents.get(req.params.id));
  });

  router.get('/incidents/:id/timeline', async (req, res) => {
    await authorize(req, wecomIncidentReadPermission);
    res.json({ items: await incidents.timeline(req.params.id) });
  });

  router.patch('/incidents/:id', async (req, res) => {
    const { userEntityRef } = await authorize(
      req,
      wecomIncidentUpdatePermission,
    );
    const patch = parseInput(incidentPatchSchema, req.body, 'incident change');
    const incident = await audited(
      req,
      {
        action: 'update',
        incidentId: req.params.id,
        responders: patch.responders ?? null,
      },
      () => incidents.update(req.params.id, patch, userEntityRef),
    );
    res.json(incident);
  });

  router.post('/incidents/:id/transitions', async (req, res) => {
    const { userEntityRef } = await authorize(
      req,
      wecomIncidentUpdatePermission,
    );
    const transition = parseInput(transitionSchema, req.body, 'transition');
    const incident = await audited(
      req,
      {
        action: transition.action,
        incidentId: req.params.id,
        snoozeMinutes: transition.snoozeMinutes ?? null,
      },
      async () => {
        try {
          return await incidents.transition(
            req.params.id,
            transition,
            userEntityRef,
          );
        } catch (error) {
          // A transition that does not apply is the person's mistake,
          // answered with the reason, e.g. "The incident is already closed".
          if (isWeComInvalidTransitionError(error)) {
            throw new ConflictError(error.message);
          }
          throw error;
        }
      },
    );
    res.json(incident);
  });

  return router;
}

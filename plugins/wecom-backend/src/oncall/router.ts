import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { wecomOnCallReadPermission } from 'backstage-plugin-wecom-common';
import express from 'express';
import Router from 'express-promise-router';
import { DateTime } from 'luxon';
import { createAuthorizer } from '../http/access';
import { parseInput } from '../http/parseInput';
import { OnCallServices } from './createOnCallServices';
import { onCallQuerySchema, shiftsQuerySchema } from './validation';
import { visibleOnCallAnswer, visibleShifts } from './visibleAnswer';

/**
 * Who is on call (`GET /oncall`) and a person's next shifts
 * (`GET /oncall/shifts`); both need `wecom.oncall.read`. The entity (or
 * user) is read with the caller's credentials first: one the catalog hides
 * from them is a 404, exactly like one that does not exist. The answers
 * show people and schedules as the caller's catalog view allows
 * (visibleAnswer.ts).
 */
export function createOnCallRouter(options: {
  onCall: OnCallServices;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Audits refused permission checks. */
  auditor?: AuditorService;
  /** Tests fix the time. */
  now?: () => DateTime;
}): express.Router {
  const { onCall } = options;
  const now = options.now ?? (() => DateTime.utc());
  const authorize = createAuthorizer(options);
  const router = Router();

  router.get('/oncall', async (req, res) => {
    const { credentials } = await authorize(req, wecomOnCallReadPermission);
    const { entityRef } = parseInput(onCallQuerySchema, req.query, 'query');
    if (!(await onCall.isVisible(entityRef, credentials))) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    const answer = await onCall.resolver.resolve(entityRef, now());
    res.json(
      await visibleOnCallAnswer(answer, {
        visibility: onCall.visibility,
        schedules: onCall.schedules,
        policyOwner: async () =>
          (
            await onCall.policies.policyForEntity(entityRef)
          )?.ownerRef,
        credentials,
      }),
    );
  });

  router.get('/oncall/shifts', async (req, res) => {
    const { credentials, callerRef } = await authorize(
      req,
      wecomOnCallReadPermission,
    );
    const query = parseInput(shiftsQuerySchema, req.query, 'query');
    const userEntityRef = query.userEntityRef ?? callerRef;
    if (!userEntityRef) {
      throw new InputError('userEntityRef is required when no user calls');
    }
    if (!(await onCall.isVisible(userEntityRef, credentials))) {
      throw new NotFoundError(`No user ${userEntityRef}`);
    }
    const from = now();
    const items = await onCall.schedules.shiftsOf(
      userEntityRef,
      from,
      from.plus({ days: query.days }),
    );
    res.json({
      items: await visibleShifts(items, {
        visibility: onCall.visibility,
        credentials,
      }),
    });
  });

  return router;
}

import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  wecomOnCallReadPermission,
  wecomScheduleManagePermission,
} from 'backstage-plugin-wecom-common';
import express, { Request } from 'express';
import { DateTime } from 'luxon';
import Router from 'express-promise-router';
import { createAuthorizer, withAuditEvent } from '../http/access';
import { parseInput } from '../http/parseInput';
import { requireOverrideAccess } from './overrideAccess';
import { ScheduleService } from './ScheduleService';
import {
  overrideInputSchema,
  scheduleInputSchema,
  scheduleQuerySchema,
  timelineQuerySchema,
} from './validation';

/** Who did it, for `createdBy`: the user, or the calling service. */
function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? 'unknown';
}

/**
 * The schedules API. Reading needs `wecom.oncall.read`; creating, changing
 * and deleting schedules `wecom.schedule.manage`; an override needs that,
 * or comes from a member of the schedule putting themselves on call.
 */
export function createSchedulesRouter(options: {
  schedules: ScheduleService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): express.Router {
  const { schedules, auditor, permissions } = options;
  const router = Router();
  // 10 layers of 100 refs of 255 characters fit in 300 KB.
  router.use('/schedules', express.json({ limit: '300kb' }));
  const authorize = createAuthorizer(options);
  const allowed = async (
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ) => {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  };
  const audit = <T>(
    req: Request,
    meta: Record<string, string | number | string[]>,
    fn: () => Promise<T>,
  ) => withAuditEvent(auditor, { eventId: 'schedule', request: req, meta }, fn);

  router.get('/schedules', async (req, res) => {
    await authorize(req, wecomOnCallReadPermission);
    const query = parseInput(scheduleQuerySchema, req.query, 'query');
    res.json({ items: await schedules.list(query) });
  });

  router.post('/schedules', async (req, res) => {
    const { credentials } = await authorize(req, wecomScheduleManagePermission);
    const input = parseInput(scheduleInputSchema, req.body, 'schedule');
    const created = await withAuditEvent(
      auditor,
      {
        eventId: 'schedule',
        request: req,
        meta: { action: 'create', name: input.name, ownerRef: input.ownerRef },
      },
      () => schedules.create(input, credentials),
      schedule => ({ scheduleId: schedule.id }),
    );
    res.status(201).json(created);
  });

  router.get('/schedules/:id', async (req, res) => {
    await authorize(req, wecomOnCallReadPermission);
    res.json(await schedules.get(req.params.id));
  });

  router.put('/schedules/:id', async (req, res) => {
    const { credentials } = await authorize(req, wecomScheduleManagePermission);
    const input = parseInput(scheduleInputSchema, req.body, 'schedule');
    const updated = await audit(
      req,
      {
        action: 'update',
        scheduleId: req.params.id,
        name: input.name,
        ownerRef: input.ownerRef,
      },
      () => schedules.update(req.params.id, input, credentials),
    );
    res.json(updated);
  });

  router.delete('/schedules/:id', async (req, res) => {
    await authorize(req, wecomScheduleManagePermission);
    await audit(req, { action: 'delete', scheduleId: req.params.id }, () =>
      schedules.delete(req.params.id),
    );
    res.status(204).end();
  });

  router.get('/schedules/:id/timeline', async (req, res) => {
    await authorize(req, wecomOnCallReadPermission);
    const { from, to } = parseInput(timelineQuerySchema, req.query, 'window');
    res.json(await schedules.timeline(req.params.id, from, to));
  });

  router.post('/schedules/:id/overrides', async (req, res) => {
    // Reading first: a refusal tells nothing of which schedules exist.
    const caller = await authorize(req, wecomOnCallReadPermission);
    const input = parseInput(overrideInputSchema, req.body, 'override');
    const schedule = await schedules.get(req.params.id);
    const mayManage = await allowed(
      caller.credentials,
      wecomScheduleManagePermission,
    );
    requireOverrideAccess({
      schedule,
      caller: caller.userEntityRef,
      overrideUser: input.userEntityRef,
      mayManage,
      start: input.start,
      now: DateTime.utc(),
    });
    const created = await withAuditEvent(
      auditor,
      {
        eventId: 'schedule-override',
        request: req,
        meta: {
          action: 'create',
          scheduleId: schedule.id,
          userEntityRef: input.userEntityRef,
          start: input.start.toISO()!,
          end: input.end.toISO()!,
        },
      },
      () =>
        schedules.addOverride(
          schedule.id,
          input,
          { createdBy: actorOf(caller.credentials), mayManage },
          caller.credentials,
        ),
      override => ({
        overrideId: override.id,
        // Whose overrides this one covers, and whether they were told.
        displaced: override.displaced.map(d => ({ ...d })),
      }),
    );
    res.status(201).json(created);
  });

  router.delete('/schedules/:id/overrides/:overrideId', async (req, res) => {
    const caller = await authorize(req, wecomOnCallReadPermission);
    const schedule = await schedules.get(req.params.id);
    const override = await schedules.getOverride(
      schedule.id,
      req.params.overrideId,
    );
    requireOverrideAccess({
      schedule,
      caller: caller.userEntityRef,
      overrideUser: override.userEntityRef,
      mayManage: await allowed(
        caller.credentials,
        wecomScheduleManagePermission,
      ),
      start: DateTime.fromISO(override.start),
      removing: true,
      now: DateTime.utc(),
    });
    await withAuditEvent(
      auditor,
      {
        eventId: 'schedule-override',
        request: req,
        meta: {
          action: 'delete',
          scheduleId: schedule.id,
          overrideId: override.id,
          userEntityRef: override.userEntityRef,
        },
      },
      () => schedules.deleteOverride(schedule.id, override.id),
    );
    res.status(204).end();
  });

  return router;
}

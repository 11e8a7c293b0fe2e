import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  WeComSchedule,
  WeComScheduleInput,
  wecomOnCallReadPermission,
  wecomScheduleManagePermission,
} from 'backstage-plugin-wecom-common';
import express, { Request } from 'express';
import { DateTime } from 'luxon';
import Router from 'express-promise-router';
import {
  CatalogVisibility,
  ownedByVisible,
} from '../catalog/catalogVisibility';
import {
  actorOf,
  auditDenied,
  createAuthorizer,
  withAuditEvent,
} from '../http/access';
import { parseInput } from '../http/parseInput';
import { namedAndHidden } from '../text/namedAndHidden';
import { requireOverrideAccess } from './overrideAccess';
import { ScheduleService } from './ScheduleService';
import {
  overrideInputSchema,
  scheduleInputSchema,
  scheduleQuerySchema,
  timelineQuerySchema,
} from './validation';

/** An escalation policy that pages a schedule, and who owns it. */
export interface SchedulePager {
  id: string;
  ownerRef: string;
}

/** The layers as an audit event keeps them: who, and when they hand off. */
function layersOf(schedule: WeComScheduleInput): JsonObject[] {
  return schedule.layers.map(layer => ({
    members: layer.members,
    handoffTime: layer.handoffTime,
    rotationDays: layer.rotationDays,
    startDate: layer.startDate,
  }));
}

/**
 * The schedules API. Reading needs `wecom.oncall.read`; creating, changing
 * and deleting schedules `wecom.schedule.manage`; an override needs that,
 * or comes from a member of the schedule putting themselves on call.
 *
 * A schedule whose owner group the catalog hides from the caller is not
 * listed and is a 404 on every route, worded like one that does not exist.
 */
export function createSchedulesRouter(options: {
  schedules: ScheduleService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** What the catalog shows the caller, read with their credentials. */
  catalogVisibility: CatalogVisibility;
  /** The escalation policies that page a schedule: it is not deleted then. */
  schedulePagedBy?: (scheduleId: string) => Promise<SchedulePager[]>;
}): express.Router {
  const { schedules, auditor, permissions, catalogVisibility } = options;
  const pagedBy = options.schedulePagedBy ?? (async () => []);
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
  const audit = <T>(req: Request, meta: JsonObject, fn: () => Promise<T>) =>
    withAuditEvent(auditor, { eventId: 'schedule', request: req, meta }, fn);

  /** The schedule, if the caller can see its owner; a 404 otherwise. */
  const visibleSchedule = async (
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WeComSchedule> => {
    const schedule = await schedules.get(id);
    const [seen] = await ownedByVisible(
      catalogVisibility,
      [schedule],
      credentials,
    );
    if (!seen) throw new NotFoundError(`No schedule '${id}'`);
    return seen;
  };

  /**
   * Whether the caller may make or remove this override (see
   * requireOverrideAccess); answers whether they may manage schedules. A
   * member's refusal is audited like a permission refusal.
   */
  const overrideAccess = async (
    req: Request,
    caller: { credentials: BackstageCredentials; callerRef?: string },
    schedule: WeComSchedule,
    override: { userEntityRef: string; start: DateTime; removing?: boolean },
  ): Promise<boolean> => {
    const { credentials } = caller;
    const mayManage = await allowed(credentials, wecomScheduleManagePermission);
    try {
      requireOverrideAccess({
        schedule,
        caller: caller.callerRef,
        overrideUser: override.userEntityRef,
        mayManage,
        start: override.start,
        ...(override.removing && { removing: true }),
        now: DateTime.utc(),
      });
    } catch (error) {
      if (error instanceof NotAllowedError) {
        await auditDenied(auditor, req, { credentials, error });
      }
      throw error;
    }
    return mayManage;
  };

  router.get('/schedules', async (req, res) => {
    const { credentials } = await authorize(req, wecomOnCallReadPermission);
    const query = parseInput(scheduleQuerySchema, req.query, 'query');
    res.json({
      items: await ownedByVisible(
        catalogVisibility,
        await schedules.list(query),
        credentials,
      ),
    });
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
    const { credentials } = await authorize(req, wecomOnCallReadPermission);
    res.json(await visibleSchedule(req.params.id, credentials));
  });

  router.put('/schedules/:id', async (req, res) => {
    const { credentials } = await authorize(req, wecomScheduleManagePermission);
    const input = parseInput(scheduleInputSchema, req.body, 'schedule');
    const { id } = req.params;
    const { updated } = await withAuditEvent(
      auditor,
      {
        eventId: 'schedule',
        request: req,
        meta: { action: 'update', scheduleId: id, name: input.name },
      },
      async () => {
        const before = await visibleSchedule(id, credentials);
        return {
          before,
          updated: await schedules.update(id, input, credentials),
        };
      },
      // What the change did to the layers: who rotates, when, how often.
      ({ before }) => ({
        ownerBefore: before.ownerRef,
        ownerAfter: input.ownerRef,
        layersBefore: layersOf(before),
        layersAfter: layersOf(input),
      }),
    );
    res.json(updated);
  });

  router.delete('/schedules/:id', async (req, res) => {
    const { credentials } = await authorize(req, wecomScheduleManagePermission);
    const { id } = req.params;
    await audit(req, { action: 'delete', scheduleId: id }, async () => {
      await visibleSchedule(id, credentials);
      // A deleted schedule would leave its policies' levels paging nobody.
      // Only the policies the caller may see are named.
      const pagers = await pagedBy(id);
      if (pagers.length > 0) {
        const visible = await ownedByVisible(
          catalogVisibility,
          pagers,
          credentials,
        );
        throw new ConflictError(
          `Schedule '${id}' is paged by escalation policy ${namedAndHidden(
            visible.map(policy => `"${policy.id}"`),
            pagers.length - visible.length,
          )}: take it out of those policies first`,
        );
      }
      await schedules.delete(id);
    });
    res.status(204).end();
  });

  router.get('/schedules/:id/timeline', async (req, res) => {
    const { credentials } = await authorize(req, wecomOnCallReadPermission);
    const { from, to } = parseInput(timelineQuerySchema, req.query, 'window');
    await visibleSchedule(req.params.id, credentials);
    res.json(await schedules.timeline(req.params.id, from, to));
  });

  router.post('/schedules/:id/overrides', async (req, res) => {
    // Reading first: a refusal tells nothing of which schedules exist.
    const caller = await authorize(req, wecomOnCallReadPermission);
    const input = parseInput(overrideInputSchema, req.body, 'override');
    const schedule = await visibleSchedule(req.params.id, caller.credentials);
    const mayManage = await overrideAccess(req, caller, schedule, input);
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
    const schedule = await visibleSchedule(req.params.id, caller.credentials);
    const override = await schedules.getOverride(
      schedule.id,
      req.params.overrideId,
    );
    await overrideAccess(req, caller, schedule, {
      userEntityRef: override.userEntityRef,
      start: DateTime.fromISO(override.start),
      removing: true,
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

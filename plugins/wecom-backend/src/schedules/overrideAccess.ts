import { NotAllowedError } from '@backstage/errors';
import { DateTime } from 'luxon';
import {
  WeComSchedule,
  wecomScheduleManagePermission,
} from 'backstage-plugin-wecom-common';
import { scheduleMembers } from './ScheduleService';

/** A few minutes of grace for clocks and typing. */
const PAST_GRACE_MINUTES = 5;

/**
 * Who may add or remove an override: whoever may manage schedules, or a
 * member of one of the schedule's layers for an override that puts
 * themselves on call ("I take Tuesday"). A member cannot put someone else
 * on call, nor take someone else's override away; a non-member cannot put
 * themselves on a schedule they are not part of. Nor can a member rewrite
 * what already happened: their override starts now or later, and one that
 * has begun stays (the record of who was on call when is the managers').
 */
export function requireOverrideAccess(options: {
  schedule: WeComSchedule;
  /** The signed-in user, lower-cased (the authorizer's `callerRef`); undefined for a service. */
  caller: string | undefined;
  /** Whom the override puts on call. */
  overrideUser: string;
  mayManage: boolean;
  /** When the override starts (the one made, or the one removed). */
  start: DateTime;
  /** Whether it is being removed rather than made. */
  removing?: boolean;
  now: DateTime;
}): void {
  const { schedule, caller, overrideUser, mayManage, start, now } = options;
  if (mayManage) return;
  if (!caller || !scheduleMembers(schedule).has(caller)) {
    throw new NotAllowedError(
      `Missing permission ${wecomScheduleManagePermission.name}: only members of the schedule may take a shift without it`,
    );
  }
  if (overrideUser !== caller) {
    throw new NotAllowedError(
      `Missing permission ${wecomScheduleManagePermission.name}: without it a member may only put themselves on call`,
    );
  }
  if (start < now.minus({ minutes: PAST_GRACE_MINUTES })) {
    throw new NotAllowedError(
      options.removing
        ? `Missing permission ${wecomScheduleManagePermission.name}: an override that has begun can only be removed by a schedule manager`
        : `Missing permission ${wecomScheduleManagePermission.name}: without it an override starts now or later`,
    );
  }
}

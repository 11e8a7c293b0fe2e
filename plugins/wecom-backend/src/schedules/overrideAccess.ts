import { NotAllowedError } from '@backstage/errors';
import {
  WeComSchedule,
  wecomScheduleManagePermission,
} from 'backstage-plugin-wecom-common';
import { scheduleMembers } from './ScheduleService';

/**
 * Who may add or remove an override: whoever may manage schedules, or a
 * member of one of the schedule's layers for an override that puts
 * themselves on call ("I take Tuesday"). A member cannot put someone else
 * on call, nor take someone else's override away; a non-member cannot put
 * themselves on a schedule they are not part of.
 */
export function requireOverrideAccess(options: {
  schedule: WeComSchedule;
  /** The signed-in user; undefined for a service. */
  caller: string | undefined;
  /** Whom the override puts on call. */
  overrideUser: string;
  mayManage: boolean;
}): void {
  const { schedule, caller, overrideUser, mayManage } = options;
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
}

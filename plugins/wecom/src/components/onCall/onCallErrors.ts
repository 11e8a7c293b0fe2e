import { errorMessage, errorStatus } from '../shared/errorMessage';

/** Why someone without `wecom.oncall.read` sees no schedules or policies. */
export const NO_ONCALL_READ_ACCESS =
  'You may not see on-call schedules and escalation policies. Ask an admin for the wecom.oncall.read permission.';

/** A refused change in words; the backend's 400 or 409 reason as it says it. */
export function onCallChangeErrorMessage(error: unknown): string {
  if (errorStatus(error) === 403) {
    return 'You may not make this change. Schedules need the wecom.schedule.manage permission, escalation policies wecom.escalationPolicy.manage.';
  }
  return errorMessage(error);
}

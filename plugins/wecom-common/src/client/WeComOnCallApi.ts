import type {
  WeComEscalationPolicy,
  WeComEscalationPolicyInput,
  WeComOnCallAnswer,
  WeComPersonShift,
  WeComSchedule,
  WeComScheduleInput,
  WeComScheduleOverride,
  WeComScheduleOverrideInput,
  WeComScheduleTimeline,
} from '../onCall';
import type { WeComRequestOptions } from './options';
import type { WeComAnalytics, WeComAnalyticsQuery } from '../analytics';

/**
 * On-call: schedules, their overrides, escalation policies and who is on
 * call, from the `/api/wecom` backend. Kept apart from {@link WeComApi}
 * as `CatalogApi` is kept apart from the search API: the on-call pages and
 * cards need only this. Failures reject with a `ResponseError`.
 *
 * @public
 */
export interface WeComOnCallApi {
  // Who is on call

  /** `GET /oncall?entityRef=`: who is on call for a component or group now. */
  getOnCall(
    entityRef: string,
    options?: WeComRequestOptions,
  ): Promise<WeComOnCallAnswer>;
  /** `GET /oncall/shifts?userEntityRef=&days=`: a person's next shifts. */
  listShifts(
    query: { userEntityRef: string; days?: number },
    options?: WeComRequestOptions,
  ): Promise<WeComPersonShift[]>;

  // Schedules

  /** `GET /schedules` (optionally of one owner group). */
  listSchedules(
    query?: { ownerRef?: string },
    options?: WeComRequestOptions,
  ): Promise<WeComSchedule[]>;
  /** `GET /schedules/:id`; rejects with a 404 `ResponseError` if unknown. */
  getSchedule(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComSchedule>;
  /** `POST /schedules` */
  createSchedule(
    input: WeComScheduleInput,
    options?: WeComRequestOptions,
  ): Promise<WeComSchedule>;
  /** `PUT /schedules/:id` */
  updateSchedule(
    id: string,
    input: WeComScheduleInput,
    options?: WeComRequestOptions,
  ): Promise<WeComSchedule>;
  /** `DELETE /schedules/:id` */
  deleteSchedule(id: string, options?: WeComRequestOptions): Promise<void>;
  /** `GET /schedules/:id/timeline?from=&to=` */
  getScheduleTimeline(
    id: string,
    window: { from: string; to: string },
    options?: WeComRequestOptions,
  ): Promise<WeComScheduleTimeline>;
  /** `POST /schedules/:id/overrides` */
  createScheduleOverride(
    scheduleId: string,
    input: WeComScheduleOverrideInput,
    options?: WeComRequestOptions,
  ): Promise<WeComScheduleOverride>;
  /** `DELETE /schedules/:id/overrides/:overrideId` */
  deleteScheduleOverride(
    scheduleId: string,
    overrideId: string,
    options?: WeComRequestOptions,
  ): Promise<void>;

  // Escalation policies

  /** `GET /escalation-policies` */
  listEscalationPolicies(
    options?: WeComRequestOptions,
  ): Promise<WeComEscalationPolicy[]>;
  /** `GET /escalation-policies/:id` */
  getEscalationPolicy(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComEscalationPolicy>;
  /** `POST /escalation-policies` */
  createEscalationPolicy(
    input: WeComEscalationPolicyInput,
    options?: WeComRequestOptions,
  ): Promise<WeComEscalationPolicy>;
  /** `PUT /escalation-policies/:id` */
  updateEscalationPolicy(
    id: string,
    input: WeComEscalationPolicyInput,
    options?: WeComRequestOptions,
  ): Promise<WeComEscalationPolicy>;
  /** `DELETE /escalation-policies/:id` (refused with 409 while an entity uses it) */
  deleteEscalationPolicy(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<void>;

  // Insights

  /** `GET /analytics`: incidents, MTTA, MTTR and paging per team or service. */
  getAnalytics(
    query: WeComAnalyticsQuery,
    options?: WeComRequestOptions,
  ): Promise<WeComAnalytics>;
}

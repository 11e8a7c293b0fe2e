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
import type { WeComOnCallApi } from './WeComOnCallApi';
import type { WeComClientOptions, WeComRequestOptions } from './options';
import { enc, withQuery } from './paths';
import { WeComTransport } from './transport';
import type { WeComAnalytics, WeComAnalyticsQuery } from '../analytics';

/**
 * The one implementation of {@link WeComOnCallApi}.
 *
 * @public
 */
export class WeComOnCallApiClient implements WeComOnCallApi {
  private readonly http: WeComTransport;

  constructor(options: WeComClientOptions) {
    this.http = new WeComTransport(options);
  }

  getOnCall(
    entityRef: string,
    options?: WeComRequestOptions,
  ): Promise<WeComOnCallAnswer> {
    const params = new URLSearchParams({ entityRef });
    return this.http.get(withQuery('/oncall', params), options);
  }

  listShifts(
    query: { userEntityRef: string; days?: number },
    options?: WeComRequestOptions,
  ): Promise<WeComPersonShift[]> {
    const params = new URLSearchParams({ userEntityRef: query.userEntityRef });
    if (query.days !== undefined) params.set('days', String(query.days));
    return this.http.items(withQuery('/oncall/shifts', params), options);
  }

  listSchedules(
    query: { ownerRef?: string } = {},
    options?: WeComRequestOptions,
  ): Promise<WeComSchedule[]> {
    const params = new URLSearchParams();
    if (query.ownerRef) params.set('ownerRef', query.ownerRef);
    return this.http.items(withQuery('/schedules', params), options);
  }

  getSchedule(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComSchedule> {
    return this.http.get(`/schedules/${enc(id)}`, options);
  }

  createSchedule(
    input: WeComScheduleInput,
    options?: WeComRequestOptions,
  ): Promise<WeComSchedule> {
    return this.http.post('/schedules', input, options);
  }

  updateSchedule(
    id: string,
    input: WeComScheduleInput,
    options?: WeComRequestOptions,
  ): Promise<WeComSchedule> {
    return this.http.put(`/schedules/${enc(id)}`, input, options);
  }

  deleteSchedule(id: string, options?: WeComRequestOptions): Promise<void> {
    return this.http.delete(`/schedules/${enc(id)}`, options);
  }

  getScheduleTimeline(
    id: string,
    window: { from: string; to: string },
    options?: WeComRequestOptions,
  ): Promise<WeComScheduleTimeline> {
    const params = new URLSearchParams(window);
    return this.http.get(
      withQuery(`/schedules/${enc(id)}/timeline`, params),
      options,
    );
  }

  createScheduleOverride(
    scheduleId: string,
    input: WeComScheduleOverrideInput,
    options?: WeComRequestOptions,
  ): Promise<WeComScheduleOverride> {
    return this.http.post(
      `/schedules/${enc(scheduleId)}/overrides`,
      input,
      options,
    );
  }

  deleteScheduleOverride(
    scheduleId: string,
    overrideId: string,
    options?: WeComRequestOptions,
  ): Promise<void> {
    return this.http.delete(
      `/schedules/${enc(scheduleId)}/overrides/${enc(overrideId)}`,
      options,
    );
  }

  listEscalationPolicies(
    options?: WeComRequestOptions,
  ): Promise<WeComEscalationPolicy[]> {
    return this.http.items('/escalation-policies', options);
  }

  getEscalationPolicy(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComEscalationPolicy> {
    return this.http.get(`/escalation-policies/${enc(id)}`, options);
  }

  createEscalationPolicy(
    input: WeComEscalationPolicyInput,
    options?: WeComRequestOptions,
  ): Promise<WeComEscalationPolicy> {
    return this.http.post('/escalation-policies', input, options);
  }

  updateEscalationPolicy(
    id: string,
    input: WeComEscalationPolicyInput,
    options?: WeComRequestOptions,
  ): Promise<WeComEscalationPolicy> {
    return this.http.put(`/escalation-policies/${enc(id)}`, input, options);
  }

  deleteEscalationPolicy(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<void> {
    return this.http.delete(`/escalation-policies/${enc(id)}`, options);
  }

  getAnalytics(
    query: WeComAnalyticsQuery,
    options?: WeComRequestOptions,
  ): Promise<WeComAnalytics> {
    const params = new URLSearchParams({ groupBy: query.groupBy });
    if (query.key) params.set('key', query.key);
    if (query.from) params.set('from', query.from);
    if (query.to) params.set('to', query.to);
    if (query.timeZone) params.set('tz', query.timeZone);
    return this.http.get(withQuery('/analytics', params), options);
  }
}

import type { DateTime } from 'luxon';
import type {
  WeComEscalationPolicy,
  WeComPersonShift,
} from 'backstage-plugin-wecom-common';

/** Someone on call in one schedule at a moment. */
export interface ScheduleOnCall {
  userEntityRef: string;
  /** When this turn ends (the next hand-off or the override's end). */
  until: DateTime;
  via: 'schedule' | 'override';
  scheduleId: string;
  scheduleName: string;
}

/**
 * What the rest of the plugin asks of schedules (implemented in
 * `schedules/`): on-call resolution, escalation and the home card use it
 * without knowing how schedules are stored or computed.
 */
export interface ScheduleOnCallSource {
  /** The schedule's name and owner, or undefined when there is no such schedule. */
  describe(
    scheduleId: string,
  ): Promise<{ id: string; name: string; ownerRef: string } | undefined>;
  /**
   * Who is on call in the schedule at `at`: an override wins over every
   * layer, else the first layer with someone on call. Empty for an unknown
   * schedule or when no layer covers `at`.
   */
  onCallAt(scheduleId: string, at: DateTime): Promise<ScheduleOnCall[]>;
  /** Who takes over after the current turn, for "on call next". */
  nextAfter(scheduleId: string, at: DateTime): Promise<ScheduleOnCall[]>;
  /** The schedules a group owns (`group:default/sre`), by name. */
  schedulesOwnedBy(
    groupRef: string,
  ): Promise<Array<{ id: string; name: string }>>;
  /** A person's shifts across every schedule that overlap `[from, to)`. */
  shiftsOf(
    userEntityRef: string,
    from: DateTime,
    to: DateTime,
  ): Promise<WeComPersonShift[]>;
}

/**
 * Which escalation policy an entity uses (implemented in `escalation/`):
 * its own `work.weixin.qq.com/escalation-policy` annotation, else its owner
 * group's (the group's annotation, else the policy the group owns).
 * Undefined when none applies: the app-config policy is the default.
 */
export interface EscalationPolicySource {
  policyForEntity(
    entityRef: string,
  ): Promise<WeComEscalationPolicy | undefined>;
}

/**
 * No schedules at all: what the plugin answers where schedules are not
 * wired (tests of other areas); on-call then falls back to owners.
 */
export const noSchedules: ScheduleOnCallSource = {
  describe: async () => undefined,
  onCallAt: async () => [],
  nextAfter: async () => [],
  schedulesOwnedBy: async () => [],
  shiftsOf: async () => [],
};

/** No stored policies: every entity uses the app-config default. */
export const noEscalationPolicies: EscalationPolicySource = {
  policyForEntity: async () => undefined,
};

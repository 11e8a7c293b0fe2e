/**
 * One rotation of a schedule: its members take turns, each for
 * `rotationDays` days, handing off at `handoffTime` in the schedule's time
 * zone, counting from `startDate` (the first member's first shift starts
 * at `startDate` `handoffTime`).
 *
 * @public
 */
export interface WeComScheduleLayer {
  /** Catalog users in turn order, lower-case (`user:default/zhangsan`). */
  members: string[];
  /** `HH:mm`, wall-clock time in the schedule's time zone. */
  handoffTime: string;
  /** Length of one member's shift in days (1..366). */
  rotationDays: number;
  /** `YYYY-MM-DD`, a date in the schedule's time zone. */
  startDate: string;
}

/**
 * What `POST /schedules` and `PUT /schedules/:id` take.
 *
 * @public
 */
export interface WeComScheduleInput {
  name: string;
  /** The catalog group the schedule belongs to (`group:default/sre`). */
  ownerRef: string;
  /** An IANA time zone, e.g. `Asia/Shanghai`. */
  timeZone: string;
  /**
   * Rotations, most important first: at any moment the first layer with
   * someone on call answers (an override answers before every layer).
   */
  layers: WeComScheduleLayer[];
}

/**
 * What `POST /schedules/:id/overrides` takes: someone else is on call for a
 * period ("I take Tuesday"), whatever the layers say.
 *
 * @public
 */
export interface WeComScheduleOverrideInput {
  userEntityRef: string;
  /** ISO 8601 time with an offset or `Z`. */
  start: string;
  /** ISO 8601 time, after `start`. */
  end: string;
}

/**
 * A stored override.
 *
 * @public
 */
export interface WeComScheduleOverride extends WeComScheduleOverrideInput {
  id: string;
  /** Who made it (a catalog user). */
  createdBy: string;
  createdAt: string;
}

/**
 * A stored schedule, as the API answers it.
 *
 * @public
 */
export interface WeComSchedule extends WeComScheduleInput {
  id: string;
  /** Overrides that have not ended yet, by start. */
  overrides: WeComScheduleOverride[];
  createdAt: string;
  updatedAt: string;
}

/**
 * One stretch of a schedule's final timeline: who is on call from `start`
 * to `end`, and why.
 *
 * @public
 */
export interface WeComScheduleShift {
  userEntityRef: string;
  start: string;
  end: string;
  /** The layer's index in `layers`, or `override`. */
  source: number | 'override';
  /** Set when `source` is `override`. */
  overrideId?: string;
}

/**
 * A schedule's shifts in a window: `GET /schedules/:id/timeline?from=&to=`.
 *
 * @public
 */
export interface WeComScheduleTimeline {
  scheduleId: string;
  from: string;
  to: string;
  /** The final timeline (overrides applied), by start, without gaps merged away. */
  shifts: WeComScheduleShift[];
  /** Each layer's own shifts, for the timeline view's rows. */
  layers: WeComScheduleShift[][];
}

/**
 * A shift of one person across every schedule, for "my next on-call
 * shifts": `GET /oncall/shifts?userEntityRef=&days=`.
 *
 * @public
 */
export interface WeComPersonShift {
  scheduleId: string;
  scheduleName: string;
  ownerRef: string;
  start: string;
  end: string;
}

/**
 * How someone came to be on call.
 *
 * - `schedule`: a schedule's layer (`scheduleId` says which).
 * - `override`: an override of a schedule (`scheduleId` says which).
 * - `policy`: a user or group named directly by the first level of the
 *   entity's escalation policy.
 * - `owner`: a member of the entity's owner group, which has no schedule.
 *
 * @public
 */
export type WeComOnCallVia = 'schedule' | 'override' | 'policy' | 'owner';

/**
 * One person on call now: `GET /oncall?entityRef=` answers `{ now: [...] }`.
 *
 * @public
 */
export interface WeComOnCallEntry {
  userEntityRef: string;
  /**
   * The linked WeCom member (userid) in the entity's integration; null
   * when the user is not linked.
   */
  wecomUserId: string | null;
  /** When this person's turn ends; null when it does not end (owners, direct targets). */
  until: string | null;
  via: WeComOnCallVia;
  /** The schedule, when `via` is `schedule` or `override`. */
  scheduleId?: string;
  scheduleName?: string;
  /**
   * `false` when a WeCom card cannot reach this person (see
   * `unreachableReason`); absent when it can. They are still on call:
   * escalation moves past a level that reaches nobody.
   */
  reachable?: false;
  unreachableReason?: WeComUnreachableReason;
  /**
   * `true` when the catalog hides this person from the caller: only their
   * ref and turn are shown (no WeCom member, nor whether a card reaches
   * them).
   */
  hidden?: true;
}

/**
 * Why someone on call cannot be reached on WeCom: they are no longer in
 * the catalog (left the company), turned WeCom cards off, or have no
 * linked WeCom member in the integration that sends cards.
 *
 * @public
 */
export type WeComUnreachableReason = 'notInCatalog' | 'optedOut' | 'notLinked';

/**
 * The answer of `GET /oncall?entityRef=`.
 *
 * @public
 */
export interface WeComOnCallAnswer {
  entityRef: string;
  /** The escalation policy that decided, if any (its id). */
  policyId?: string;
  now: WeComOnCallEntry[];
  /** Who takes over next from a schedule, when a schedule decided. */
  next?: WeComOnCallEntry[];
}

/**
 * Whom a level of an escalation policy notifies: a schedule (whoever is on
 * call in it at that moment), a catalog group (its members) or a user.
 *
 * @public
 */
export interface WeComEscalationTarget {
  kind: 'schedule' | 'group' | 'user';
  /** A schedule id, or a group or user entity ref. */
  ref: string;
}

/**
 * One level of an escalation policy.
 *
 * @public
 */
export interface WeComEscalationPolicyLevel {
  targets: WeComEscalationTarget[];
  /**
   * Minutes this level has to acknowledge before the next level is
   * notified (1..1440).
   */
  delayMinutes: number;
}

/**
 * What `POST /escalation-policies` and `PUT /escalation-policies/:id` take.
 *
 * @public
 */
export interface WeComEscalationPolicyInput {
  name: string;
  /** The catalog group that owns the policy; components owned by it inherit it. */
  ownerRef: string;
  /** Notified in order: `levels[0]` when the incident triggers. */
  levels: WeComEscalationPolicyLevel[];
  /** After the last level, start again from the first this many times (0..9). */
  repeat: number;
}

/**
 * A stored escalation policy. Components pick it with the annotation
 * `work.weixin.qq.com/escalation-policy: <id>`; a component without the
 * annotation inherits its owner group's policy (the group's own annotation,
 * else the policy whose `ownerRef` is the group).
 *
 * @public
 */
export interface WeComEscalationPolicy extends WeComEscalationPolicyInput {
  /** A slug made from the name at creation; it never changes. */
  id: string;
  /** Counts the policy's edits; an incident's run names the version it started with. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

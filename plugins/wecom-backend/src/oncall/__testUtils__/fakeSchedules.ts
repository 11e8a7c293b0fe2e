import {
  WeComEscalationPolicy,
  WeComPersonShift,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import {
  EscalationPolicySource,
  ScheduleOnCall,
  ScheduleOnCallSource,
} from '../contracts';

/** One stretch of a fake schedule: who, from when to when, and why. */
export interface FakeTurn {
  userEntityRef: string;
  start: string;
  end: string;
  via?: 'schedule' | 'override';
}

interface FakeSchedule {
  id: string;
  name: string;
  ownerRef: string;
  turns: FakeTurn[];
}

/**
 * Schedules as explicit turns, in memory: who is on call is whoever's turn
 * covers the moment (an override before the layer's turn), next is whoever
 * starts when the current turn ends. Enough for on-call resolution; the
 * rotation maths is schedules/' business.
 */
export class FakeScheduleSource implements ScheduleOnCallSource {
  private readonly schedules = new Map<string, FakeSchedule>();

  add(schedule: FakeSchedule): this {
    this.schedules.set(schedule.id, schedule);
    return this;
  }

  async describe(scheduleId: string) {
    const schedule = this.schedules.get(scheduleId);
    return schedule
      ? { id: schedule.id, name: schedule.name, ownerRef: schedule.ownerRef }
      : undefined;
  }

  async onCallAt(scheduleId: string, at: DateTime): Promise<ScheduleOnCall[]> {
    const schedule = this.schedules.get(scheduleId);
    if (!schedule) return [];
    const covering = schedule.turns.filter(
      turn => start(turn) <= at && at < end(turn),
    );
    const overrides = covering.filter(turn => turn.via === 'override');
    return (overrides.length ? overrides : covering).map(turn =>
      onCall(schedule, turn),
    );
  }

  async nextAfter(scheduleId: string, at: DateTime): Promise<ScheduleOnCall[]> {
    const current = await this.onCallAt(scheduleId, at);
    if (current.length === 0) return [];
    const handoff = DateTime.min(...current.map(c => c.until))!;
    return this.onCallAt(scheduleId, handoff);
  }

  async schedulesOwnedBy(groupRef: string) {
    return [...this.schedules.values()]
      .filter(schedule => schedule.ownerRef === groupRef)
      .map(({ id, name }) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async shiftsOf(
    userEntityRef: string,
    from: DateTime,
    to: DateTime,
  ): Promise<WeComPersonShift[]> {
    return [...this.schedules.values()]
      .flatMap(schedule =>
        schedule.turns
          .filter(
            turn =>
              turn.userEntityRef === userEntityRef &&
              start(turn) < to &&
              end(turn) > from,
          )
          .map(turn => ({
            scheduleId: schedule.id,
            scheduleName: schedule.name,
            ownerRef: schedule.ownerRef,
            start: turn.start,
            end: turn.end,
          })),
      )
      .sort((a, b) => a.start.localeCompare(b.start));
  }
}

/** Policies by entity ref, in memory. */
export class FakePolicySource implements EscalationPolicySource {
  private readonly byEntity = new Map<string, WeComEscalationPolicy>();

  assign(
    entityRef: string,
    policy: Pick<WeComEscalationPolicy, 'id' | 'levels'> &
      Partial<WeComEscalationPolicy>,
  ): this {
    this.byEntity.set(entityRef, {
      name: policy.id,
      ownerRef: 'group:default/sre',
      repeat: 0,
      version: 1,
      createdAt: '2026-11-01T00:00:00Z',
      updatedAt: '2026-11-01T00:00:00Z',
      ...policy,
    });
    return this;
  }

  async policyForEntity(entityRef: string) {
    return this.byEntity.get(entityRef);
  }
}

function start(turn: FakeTurn): DateTime {
  return DateTime.fromISO(turn.start, { zone: 'utc' });
}

function end(turn: FakeTurn): DateTime {
  return DateTime.fromISO(turn.end, { zone: 'utc' });
}

function onCall(schedule: FakeSchedule, turn: FakeTurn): ScheduleOnCall {
  return {
    userEntityRef: turn.userEntityRef,
    until: end(turn),
    via: turn.via ?? 'schedule',
    scheduleId: schedule.id,
    scheduleName: schedule.name,
  };
}

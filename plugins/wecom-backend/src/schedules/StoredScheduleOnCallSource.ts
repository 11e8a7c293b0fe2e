import { WeComPersonShift, WeComSchedule } from 'backstage-plugin-wecom-common';
import { DateTime, Duration } from 'luxon';
import { ScheduleOnCall, ScheduleOnCallSource } from '../oncall/contracts';
import { Turn } from './rotation';
import { ScheduleStore } from './ScheduleStore';
import { finalTimeline, nextTurnAfter, onCallAt } from './timeline';

/**
 * How far ahead overrides are read for "now" and "next": the next turn is
 * searched up to two years ahead (timeline.ts), plus the current turn.
 */
const LOOKAHEAD = Duration.fromObject({ days: 3 * 368 });

function toOnCall(turn: Turn, schedule: WeComSchedule): ScheduleOnCall {
  return {
    userEntityRef: turn.userEntityRef,
    until: turn.end.setZone(schedule.timeZone),
    via: turn.source === 'override' ? 'override' : 'schedule',
    scheduleId: schedule.id,
    scheduleName: schedule.name,
  };
}

/**
 * The schedules' answer to "who is on call", for on-call resolution,
 * escalation and the home card: the stored schedules through the maths of
 * timeline.ts.
 */
export class StoredScheduleOnCallSource implements ScheduleOnCallSource {
  constructor(private readonly store: ScheduleStore) {}

  async describe(scheduleId: string) {
    const schedule = await this.store.get(scheduleId);
    return schedule
      ? { id: schedule.id, name: schedule.name, ownerRef: schedule.ownerRef }
      : undefined;
  }

  async onCallAt(scheduleId: string, at: DateTime): Promise<ScheduleOnCall[]> {
    const found = await this.withOverrides(scheduleId, at);
    if (!found) return [];
    const turn = onCallAt(found.schedule, found.overrides, at);
    return turn ? [toOnCall(turn, found.schedule)] : [];
  }

  async nextAfter(scheduleId: string, at: DateTime): Promise<ScheduleOnCall[]> {
    const found = await this.withOverrides(scheduleId, at);
    if (!found) return [];
    const turn = nextTurnAfter(found.schedule, found.overrides, at);
    return turn ? [toOnCall(turn, found.schedule)] : [];
  }

  async schedulesOwnedBy(groupRef: string) {
    const owned = await this.store.list({
      ownerRef: groupRef.toLocaleLowerCase('en-US'),
    });
    return owned.map(s => ({ id: s.id, name: s.name }));
  }

  /**
   * The person's pieces of every schedule's final timeline in `[from, to)`,
   * cut to the window; adjacent pieces of one schedule (their own shift,
   * then their own override) read as one shift.
   */
  async shiftsOf(
    userEntityRef: string,
    from: DateTime,
    to: DateTime,
  ): Promise<WeComPersonShift[]> {
    const user = userEntityRef.toLocaleLowerCase('en-US');
    // Only the person's schedules (member index, their overrides), and
    // only those schedules' overrides: never every schedule.
    const ids = await this.store.scheduleIdsOf(user, from, to);
    if (ids.length === 0) return [];
    const [schedules, overrides] = await Promise.all([
      this.store.list({ ids }),
      this.store.overridesOverlapping(ids, from, to),
    ]);
    const shifts: WeComPersonShift[] = [];
    for (const schedule of schedules) {
      const own = overrides.filter(o => o.scheduleId === schedule.id);
      let last: { start: DateTime; end: DateTime } | undefined;
      const mine: Array<{ start: DateTime; end: DateTime }> = [];
      for (const piece of finalTimeline(schedule, own, from, to)) {
        if (piece.userEntityRef !== user) continue;
        if (last && +last.end === +piece.start) {
          last.end = piece.end;
        } else {
          last = { start: piece.start, end: piece.end };
          mine.push(last);
        }
      }
      for (const { start, end } of mine) {
        shifts.push({
          scheduleId: schedule.id,
          scheduleName: schedule.name,
          ownerRef: schedule.ownerRef,
          start: start.setZone(schedule.timeZone).toISO()!,
          end: end.setZone(schedule.timeZone).toISO()!,
        });
      }
    }
    return shifts.sort(
      (a, b) => +DateTime.fromISO(a.start) - +DateTime.fromISO(b.start),
    );
  }

  private async withOverrides(scheduleId: string, at: DateTime) {
    const schedule = await this.store.get(scheduleId);
    if (!schedule) return undefined;
    const overrides = await this.store.overridesOverlapping(
      [scheduleId],
      at,
      at.plus(LOOKAHEAD),
    );
    return { schedule, overrides };
  }
}

import { WeComEscalationPolicyLevel } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { ScheduleOnCallSource } from '../oncall/contracts';

/** A level's targets as the recipient resolver takes them. */
export interface LevelTargets {
  /** User and group entity refs (groups expand to their members later). */
  refs: string[];
  /** How the timeline names them, e.g. `schedule "Primary" (user:default/jdoe)`. */
  basis: string;
  /** Targets skipped, in plain words (a deleted schedule, nobody on call). */
  notes: string[];
}

/**
 * Resolves a level at the moment it fires: a schedule becomes whoever is
 * on call in it at `at`, groups and users stay as they are. A schedule that
 * no longer exists, or has nobody on call, is skipped with a note; the
 * other targets are still notified.
 */
export async function resolveLevelTargets(
  level: WeComEscalationPolicyLevel,
  schedules: Pick<ScheduleOnCallSource, 'describe' | 'onCallAt'>,
  at: DateTime,
): Promise<LevelTargets> {
  const refs: string[] = [];
  const basis: string[] = [];
  const notes: string[] = [];
  for (const target of level.targets) {
    if (target.kind !== 'schedule') {
      refs.push(target.ref);
      basis.push(target.ref);
      continue;
    }
    const schedule = await schedules.describe(target.ref);
    if (!schedule) {
      notes.push(`schedule "${target.ref}" no longer exists: skipped`);
      continue;
    }
    const onCall = await schedules.onCallAt(target.ref, at);
    const people = [...new Set(onCall.map(turn => turn.userEntityRef))];
    if (people.length === 0) {
      notes.push(`nobody is on call in schedule "${schedule.name}": skipped`);
      continue;
    }
    refs.push(...people);
    basis.push(`schedule "${schedule.name}" (${people.join(', ')})`);
  }
  return { refs: [...new Set(refs)], basis: basis.join(', '), notes };
}

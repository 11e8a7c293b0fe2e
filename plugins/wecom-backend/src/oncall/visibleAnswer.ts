import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  WeComOnCallAnswer,
  WeComOnCallEntry,
  WeComPersonShift,
} from 'backstage-plugin-wecom-common';
import { CatalogVisibility } from '../catalog/catalogVisibility';
import { ScheduleOnCallSource } from './contracts';

/**
 * The on-call answer as the caller may see it. Who is on call is decided
 * with the plugin's own credentials (paging must not depend on who asks);
 * what is shown follows the caller's catalog view, read with their
 * credentials:
 *
 * - someone the catalog hides from the caller keeps their ref and turn, so
 *   the caller knows someone is on call and until when, but not their WeCom
 *   member nor whether a card reaches them (the user entity, and so their
 *   name, is the catalog's to show), and is marked `hidden`;
 * - a schedule whose owner team the caller cannot see is not named, as
 *   `/schedules` would not name it; nor is such a policy.
 */
export async function visibleOnCallAnswer(
  answer: WeComOnCallAnswer,
  deps: {
    visibility: CatalogVisibility;
    schedules: Pick<ScheduleOnCallSource, 'describe'>;
    /** The owner of the answer's policy (`answer.policyId`). */
    policyOwner: () => Promise<string | undefined>;
    credentials: BackstageCredentials;
  },
): Promise<WeComOnCallAnswer> {
  const entries = [...answer.now, ...(answer.next ?? [])];
  const scheduleOwners = await ownersOf(
    entries.map(entry => entry.scheduleId),
    deps.schedules,
  );
  const policyOwner = answer.policyId
    ? (await deps.policyOwner())?.toLocaleLowerCase('en-US')
    : undefined;
  const seen = await deps.visibility(
    [
      ...entries.map(entry => entry.userEntityRef),
      ...scheduleOwners.values(),
      ...(policyOwner ? [policyOwner] : []),
    ],
    deps.credentials,
  );
  const shown = (entry: WeComOnCallEntry): WeComOnCallEntry => {
    const { scheduleId, scheduleName, reachable, unreachableReason, ...rest } =
      entry;
    const owner = scheduleId ? scheduleOwners.get(scheduleId) : undefined;
    const scheduleShown = owner !== undefined && seen.has(owner);
    // Whether a card reaches someone tells whether they are linked, turned
    // cards off or left: as much the catalog's to hide as their member.
    const person = seen.has(entry.userEntityRef)
      ? {
          wecomUserId: entry.wecomUserId,
          ...(reachable === false && { reachable, unreachableReason }),
        }
      : { wecomUserId: null, hidden: true as const };
    return {
      ...rest,
      ...person,
      ...(scheduleShown ? { scheduleId, scheduleName } : {}),
    };
  };
  // A policy of a team the caller cannot see is not named, as
  // `/escalation-policies` would not list it; its people stay on call.
  const { policyId, ...rest } = answer;
  const policyShown = policyOwner !== undefined && seen.has(policyOwner);
  return {
    ...rest,
    ...(policyId && policyShown ? { policyId } : {}),
    now: answer.now.map(shown),
    ...(answer.next ? { next: answer.next.map(shown) } : {}),
  };
}

/** A person's shifts in the schedules whose owner team the caller can see. */
export async function visibleShifts(
  shifts: WeComPersonShift[],
  deps: {
    visibility: CatalogVisibility;
    credentials: BackstageCredentials;
  },
): Promise<WeComPersonShift[]> {
  const seen = await deps.visibility(
    shifts.map(shift => shift.ownerRef),
    deps.credentials,
  );
  return shifts.filter(shift =>
    seen.has(shift.ownerRef.toLocaleLowerCase('en-US')),
  );
}

/** Each schedule's owner, lower-cased; unknown schedules are left out. */
async function ownersOf(
  scheduleIds: Array<string | undefined>,
  schedules: Pick<ScheduleOnCallSource, 'describe'>,
): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const id of new Set(scheduleIds)) {
    if (!id) continue;
    const schedule = await schedules.describe(id);
    if (schedule) owners.set(id, schedule.ownerRef.toLocaleLowerCase('en-US'));
  }
  return owners;
}

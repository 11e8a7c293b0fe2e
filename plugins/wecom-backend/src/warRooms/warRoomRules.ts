import { ConflictError } from '@backstage/errors';
import {
  WeComWarRoom,
  WeComWarRoomMember,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { LinkedPerson, ResolvedMembers } from './WarRoomMembers';

// The War Room service's rules and the words it puts on the timeline.

// Names listed in a timeline line before "and N more".
const LISTED = 20;

export function memberOf(
  person: LinkedPerson,
  at: DateTime,
): WeComWarRoomMember {
  return { ...person, addedAt: at.toISO()! };
}

export function assertActive(warRoom: WeComWarRoom) {
  if (warRoom.status === 'dismissed') {
    throw new ConflictError(
      `The War Room of incident ${warRoom.incidentId} is dismissed: reopen it (create it again) before inviting people`,
    );
  }
  if (warRoom.status !== 'active') {
    throw new ConflictError(
      `The War Room of incident ${warRoom.incidentId} is not ready yet: create it again to finish, then invite people`,
    );
  }
}

/** WeCom needs at least 2 members; checked before any WeCom call. */
export function assertEnoughMembers(resolved: ResolvedMembers) {
  if (resolved.linked.length >= 2) return;
  const linked = resolved.linked.map(p => p.entityRef);
  const parts = [
    `A War Room needs at least 2 people linked to WeCom, and ${
      linked.length === 0 ? 'nobody is' : `only ${linked.join(', ')} is`
    }`,
  ];
  if (resolved.unlinked.length > 0) {
    parts.push(
      `not linked: ${list(
        resolved.unlinked,
      )}. Link them in Settings → WeCom → Linked Users`,
    );
  } else {
    parts.push(
      'add responders to the incident or invite more people (members)',
    );
  }
  parts.push(...resolved.notes);
  throw new ConflictError(parts.join('; '));
}

export function describeCreated(
  warRoom: WeComWarRoom,
  notes: string[],
): string {
  const parts = [
    `Created the War Room "${warRoom.name}" with ${
      warRoom.members.length
    } members: ${list(warRoom.members.map(m => m.wecomUserId))}`,
  ];
  if (warRoom.unlinked.length > 0) {
    parts.push(`not linked: ${list(warRoom.unlinked)}`);
  }
  parts.push(...notes);
  return parts.join('; ');
}

/** e.g. `Invited ZhangSan, LiSi to the War Room; not linked: user:default/newhire`. */
export function describeInvited(
  invited: WeComWarRoomMember[],
  unlinked: string[],
): string | undefined {
  const parts: string[] = [];
  if (invited.length > 0) {
    parts.push(
      `Invited ${list(invited.map(m => m.wecomUserId))} to the War Room`,
    );
  }
  if (unlinked.length > 0) {
    parts.push(
      `${
        invited.length > 0 ? 'not linked' : 'Not linked, so not invited'
      }: ${list(unlinked)}`,
    );
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** Ends a reason with a full stop, so another sentence can follow it. */
export function sentence(text: string): string {
  return /[.!?。]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

export function list(items: string[]): string {
  const shown = items.slice(0, LISTED).join(', ');
  return items.length > LISTED
    ? `${shown} and ${items.length - LISTED} more`
    : shown;
}

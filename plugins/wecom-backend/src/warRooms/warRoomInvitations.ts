import {
  WeComWarRoom,
  WeComWarRoomMember,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { WarRoomChat } from './WarRoomChat';
import { WarRoomUpstreamError, describeWeComFailure } from './warRoomErrors';
import { ResolvedMembers } from './WarRoomMembers';
import { memberOf } from './warRoomRules';

/** Who an invitation added, and the War Room's people after it. */
export interface WarRoomInvitation {
  members: WeComWarRoomMember[];
  unlinked: string[];
  invited: WeComWarRoomMember[];
  newlyUnlinked: string[];
}

/**
 * Invites the linked people not yet in the chat (`appchat/update`); never
 * removes anyone, people who helped stay. A WeCom failure is a 502.
 */
export async function inviteToChat(
  chat: WarRoomChat,
  warRoom: WeComWarRoom,
  resolved: ResolvedMembers,
  now: DateTime,
): Promise<WarRoomInvitation> {
  const inChat = new Set(warRoom.members.map(m => m.wecomUserId));
  const invited = resolved.linked
    .filter(person => !inChat.has(person.wecomUserId))
    .map(person => memberOf(person, now));
  try {
    await chat.addMembers(invited.map(member => member.wecomUserId));
  } catch (error) {
    throw new WarRoomUpstreamError(
      `Could not invite ${invited
        .map(m => m.wecomUserId)
        .join(', ')} to the War Room: ${describeWeComFailure(error)}`,
      error as Error,
    );
  }
  const members = [...warRoom.members, ...invited];
  const memberRefs = new Set(members.map(m => m.entityRef));
  const newlyUnlinked = resolved.unlinked.filter(
    ref => !warRoom.unlinked.includes(ref) && !memberRefs.has(ref),
  );
  const unlinked = [...warRoom.unlinked, ...newlyUnlinked].filter(
    ref => !memberRefs.has(ref),
  );
  return { members, unlinked, invited, newlyUnlinked };
}

/** The timeline entry's data for an invitation (on invite or reopen). */
export function invitationEntryData(
  warRoom: WeComWarRoom,
  added: WarRoomInvitation,
  action: 'invited' | 'reopened',
): Record<string, unknown> {
  return {
    chatId: warRoom.chatId,
    action,
    invited: added.invited.map(m => m.entityRef),
    unlinked: added.newlyUnlinked,
  };
}

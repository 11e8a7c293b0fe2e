/**
 * Every War Room status, in the order a War Room goes through them.
 *
 * @public
 */
export const WECOM_WAR_ROOM_STATUSES = [
  'creating',
  'active',
  'dismissed',
] as const;

/**
 * Where a War Room is in its life.
 *
 * - `creating`: the group chat or its first posts are not done yet (a step
 *   failed part-way; `POST /incidents/:id/war-room` again finishes the job).
 * - `active`: the group exists and follows the incident's responders.
 * - `dismissed`: closed in Backstage. The WeCom group itself stays: WeCom has
 *   no API to delete a group chat.
 *
 * @public
 */
export type WeComWarRoomStatus = (typeof WECOM_WAR_ROOM_STATUSES)[number];

/**
 * The steps of creating a War Room, in order; a retry resumes at the first
 * one not done.
 *
 * @public
 */
export type WeComWarRoomStep = 'createChat' | 'postSummary' | 'postAnalysis';

/**
 * Why someone is in the War Room.
 *
 * - `requester`: asked for the War Room.
 * - `responder`: one of the incident's responders (explicit, else the owners
 *   of its entity; groups expand to their members).
 * - `follower`: invited on top ("Invite followers", the scaffolder's extra
 *   members).
 *
 * @public
 */
export type WeComWarRoomMemberRole = 'requester' | 'responder' | 'follower';

/**
 * A person in a War Room's WeCom group.
 *
 * @public
 */
export interface WeComWarRoomMember {
  /** The catalog user, lower-case, e.g. `user:default/zhangsan`. */
  entityRef: string;
  /** The linked WeCom member (userid) in the War Room's integration. */
  wecomUserId: string;
  role: WeComWarRoomMemberRole;
  /** When the member was added to the group. */
  addedAt: string;
}

/**
 * Whether War Rooms can be made (`GET /war-rooms/availability`): an
 * integration has them enabled and is a custom app. When not, `reason`
 * says what an admin must change, in the words Create would refuse with.
 *
 * @public
 */
export type WeComWarRoomAvailability =
  | { available: true }
  | { available: false; reason: string };

/**
 * The group chat of one incident.
 *
 * @public
 */
export interface WeComWarRoom {
  incidentId: string;
  /** The War-Room-enabled integration whose app created the group. */
  integrationId: string;
  /** The WeCom chatid, derived from the incident (a retry never makes a second group). */
  chatId: string;
  /** The group's name (from `wecom.warRoom.nameTemplate`). */
  name: string;
  status: WeComWarRoomStatus;
  /** The group owner: the requester when linked, else the first responder. */
  owner?: { entityRef: string; wecomUserId: string };
  members: WeComWarRoomMember[];
  /**
   * Responders and invitees who have no linked WeCom member in the
   * integration, so they are not in the group (user entity refs).
   */
  unlinked: string[];
  /** The incident's entity, copied when the War Room was created. */
  entityRef?: string;
  /** Steps still to do when creation stopped part-way. */
  pendingSteps: WeComWarRoomStep[];
  /** Why the last attempt stopped, in plain words (absent when all went well). */
  lastError?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  dismissedBy?: string;
  dismissedAt?: string;
}

/**
 * The body of `POST /incidents/:id/war-room`.
 *
 * @public
 */
export interface WeComWarRoomCreateRequest {
  /** Extra members on top of the responders: user or group entity refs. */
  members?: string[];
  /** A name instead of the one the name template gives (at most 50 characters). */
  name?: string;
}

/**
 * The body of `POST /incidents/:id/war-room/members` ("Invite followers").
 *
 * @public
 */
export interface WeComWarRoomInviteRequest {
  /** User or group entity refs. */
  members: string[];
}

/**
 * The query of `GET /war-rooms`.
 *
 * @public
 */
export interface WeComWarRoomQuery {
  /** Only War Rooms of incidents about this entity. */
  entityRef?: string;
  /** Default: every status. */
  status?: WeComWarRoomStatus[];
  /** 1..200, default 50. */
  limit?: number;
}

import type {
  WeComWarRoomMemberRole,
  WeComWarRoomStatus,
  WeComWarRoomStep,
} from 'backstage-plugin-wecom-common';
import type { Tone } from '../incidents/incidentLabels';

const statusLabels: Record<WeComWarRoomStatus, string> = {
  creating: 'Creating',
  active: 'Active',
  dismissed: 'Dismissed',
};

export function warRoomStatusLabel(status: WeComWarRoomStatus): string {
  return statusLabels[status] ?? status;
}

export const warRoomStatusTone: Record<WeComWarRoomStatus, Tone> = {
  creating: 'warning',
  active: 'success',
  dismissed: 'neutral',
};

const roleLabels: Record<WeComWarRoomMemberRole, string> = {
  requester: 'Requester',
  responder: 'Responder',
  follower: 'Follower',
};

export function warRoomRoleLabel(role: WeComWarRoomMemberRole): string {
  return roleLabels[role] ?? role;
}

const stepLabels: Record<WeComWarRoomStep, string> = {
  createChat: 'create the group chat',
  postSummary: 'post the incident summary',
  postAnalysis: 'post the analysis',
};

/** The steps still to do, in words: "post the summary, post the analysis". */
export function pendingStepsLabel(steps: WeComWarRoomStep[]): string {
  return steps.map(step => stepLabels[step] ?? step).join(', ');
}

/** What a War Room is, for the card of an incident that has none. */
export const WAR_ROOM_EXPLANATION =
  "A War Room is a WeCom group chat for this incident: its responders (or whoever is on call for its entity), you and anyone you add, with the incident's summary and a first analysis posted in it. It follows the incident: new responders are invited as they are added.";

/** Why dismissing leaves the WeCom group, for the confirmation. */
export const DISMISS_CONSEQUENCE =
  'The War Room is closed in Backstage and a closing message is posted in the group. The WeCom group itself stays, because WeCom has no API to delete group chats; its members can keep talking or leave it.';

/**
 * The scaffolder template that creates a War Room with more options, with
 * the incident filled in.
 */
export function warRoomTemplatePath(incidentId: string): string {
  return `/create/templates/default/wecom-war-room?formData=${encodeURIComponent(
    JSON.stringify({ incidentId }),
  )}`;
}

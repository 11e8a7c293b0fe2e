import type {
  WeComIntegrationMode,
  WeComIntegrationView,
} from 'backstage-plugin-wecom-common';
import { THIRD_PARTY_NO_WAR_ROOM } from '../../warRooms/warRoomAvailability';

/**
 * Why War Room cannot be turned on for this integration, or undefined when
 * it can. Mirrors the backend: only a custom app may create group chats, and
 * only one integration may create War Rooms.
 */
export function warRoomUnavailableReason(
  mode: WeComIntegrationMode,
  integrations: WeComIntegrationView[],
  editingId: string | undefined,
): string | undefined {
  if (mode !== 'customApp') {
    return THIRD_PARTY_NO_WAR_ROOM;
  }
  const other = integrations.find(
    integration => integration.warRoom.enabled && integration.id !== editingId,
  );
  if (other) {
    return `War Room is enabled on ${other.name}; only one integration can create War Rooms.`;
  }
  return undefined;
}

import type {
  WeComIntegrationMode,
  WeComIntegrationView,
} from 'backstage-plugin-wecom-common';

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
    // Pages 90245–90248 (权限说明) and page 90313, errcode 48002.
    return "War Rooms need a custom app: WeCom lets only a self-built app whose visible range is the root department create group chats, so a third-party app's cards go to members one by one.";
  }
  const other = integrations.find(
    integration => integration.warRoom.enabled && integration.id !== editingId,
  );
  if (other) {
    return `War Room is enabled on ${other.name}; only one integration can create War Rooms.`;
  }
  return undefined;
}

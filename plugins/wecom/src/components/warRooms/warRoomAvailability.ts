import type {
  WeComCardDelivery,
  WeComIntegrationView,
} from 'backstage-plugin-wecom-common';

/**
 * Why WeCom makes no group chat through a third-party app (pages 90245–90248,
 * page 90313, errcode 48002); the setup form says it too.
 */
export const THIRD_PARTY_NO_WAR_ROOM =
  "War Rooms need a custom app: WeCom lets only a self-built app whose visible range is the root department create group chats, so a third-party app's cards go to members one by one.";

/**
 * Why no War Room can be made for an incident whose cards all went out
 * through third-party apps: its people are members of a corp that only
 * the suite reaches. Undefined when one can, or when the page cannot tell
 * (no cards yet, or integrations it may not read): then the backend's
 * answer to Create says.
 */
export function thirdPartyWarRoomReason(
  deliveries: Pick<WeComCardDelivery, 'integrationId'>[],
  integrations: WeComIntegrationView[] | undefined,
): string | undefined {
  if (!integrations || deliveries.length === 0) return undefined;
  const ids = [...new Set(deliveries.map(d => d.integrationId))];
  const through = ids.map(id => integrations.find(i => i.id === id));
  if (through.some(i => i?.mode !== 'thirdPartyApp')) return undefined;
  const names = through.map(i => i!.name).join(', ');
  return `This incident's cards went out through ${names}, a third-party app. ${THIRD_PARTY_NO_WAR_ROOM}`;
}

/**
 * Why WeCom makes no group chat through a third-party app (pages 90245–90248,
 * page 90313, errcode 48002); the setup form says it too.
 */
export const THIRD_PARTY_NO_WAR_ROOM =
  "War Rooms need a custom app: WeCom lets only a self-built app whose visible range is the root department create group chats, so a third-party app's cards go to members one by one.";

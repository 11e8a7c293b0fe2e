import { createHash } from 'node:crypto';

/**
 * The WeCom chatid of an incident's War Room: `wr` and 30 hex digits of
 * SHA-256 over integration and incident (32 letters and digits, WeCom's
 * limit). Deterministic, so a retried `appchat/create` names the same chat
 * and WeCom answers "chatid exists" instead of making a second group.
 */
export function warRoomChatId(integrationId: string, incidentId: string) {
  const digest = createHash('sha256')
    .update(`${integrationId}:${incidentId}`)
    .digest('hex');
  return `wr${digest.slice(0, 30)}`;
}

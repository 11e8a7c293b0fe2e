import { BasicPermission } from '@backstage/plugin-permission-common';
import { MemberDecision } from './LinkedUserAccess';

/** What an unlinked member is told, on a card or by the bot. */
export const LINK_HINT =
  'Link your account first: open the Backstage app from the WeCom Workspace (工作台), then try again.';

/** What a permission lets someone do, in the words of a refusal. */
const WHAT: Record<string, string> = {
  'wecom.incident.update': 'change incidents',
  'wecom.incident.read': 'see incidents',
  'wecom.oncall.read': 'see who is on call',
};

/**
 * Why a member may not do something, in words a person understands, short
 * enough for a card's quote area (about 240 bytes).
 */
export function refusalText(
  decision: Extract<MemberDecision, { allowed: false }>,
  permission: BasicPermission,
): string {
  switch (decision.why) {
    case 'unlinked':
      return LINK_HINT;
    case 'unavailable':
      return 'Backstage could not check your permissions, so nothing was done (an admin has to enable its wecom sign-in provider, or fix your link). Use the incident page in Backstage meanwhile. 无法校验权限。';
    default:
      return `Not allowed: your Backstage user may not ${
        WHAT[permission.name] ?? 'do this'
      } (${permission.name}). Ask your Backstage admin. 无权限。`;
  }
}

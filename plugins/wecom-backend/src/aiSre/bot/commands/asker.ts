import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  ActingUser,
  LinkedUserAccess,
  MemberIdentity,
  authorizeMember,
} from '../../../access/LinkedUserAccess';
import { refusalText } from '../../../access/refusals';
import { BotCommandContext } from '../BotCommands';

/**
 * Who asks, as Backstage knows them: the conversation's answer when it
 * already asked, else the access service's.
 */
export function askerOf(
  ctx: BotCommandContext,
  access: LinkedUserAccess,
): Promise<MemberIdentity> {
  return (
    ctx.asker?.() ??
    access.credentialsOf({
      integrationId: ctx.message.integrationId,
      wecomUserId: ctx.message.fromUserId,
    })
  );
}

/**
 * The asker's linked user when the permission policy grants them
 * `permission` (as a route would decide), else what to answer instead: how
 * to link, or why not.
 */
export async function askerWith(
  ctx: BotCommandContext,
  access: LinkedUserAccess,
  permission: BasicPermission,
): Promise<{ user: ActingUser; answer?: undefined } | { answer: string }> {
  const decision = await authorizeMember(
    access,
    await askerOf(ctx, access),
    permission,
  );
  return decision.allowed
    ? { user: decision.user }
    : { answer: refusalText(decision, permission) };
}

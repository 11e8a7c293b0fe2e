import { BotCommandContext } from '../BotCommands';
import { BotCommandDeps } from './deps';

/**
 * The asker's linked Backstage user: the context's when the conversation
 * found it, else the link of the WeCom member in the bot's integration.
 */
export async function askerOf(
  ctx: BotCommandContext,
  links: BotCommandDeps['links'],
): Promise<string | undefined> {
  if (ctx.actor) return ctx.actor.entityRef;
  const link = await links.findByMember(
    ctx.message.integrationId,
    ctx.message.fromUserId,
  );
  return link?.entityRef;
}

import { wecomIncidentReadPermission } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { BotCommandContext, BotCommands } from '../BotCommands';
import { askerWith } from './asker';
import { openIncidentsOf } from './askerIncidents';
import { BotCommandDeps } from './deps';
import { firingAnswer } from './firingCommand';
import { helpText } from './helpCommand';
import { oncallAnswer } from './oncallCommand';
import { BotCommand, parseCommand } from './parseCommand';
import { TeamCatalog } from './TeamCatalog';
import { transitionAnswer } from './transitionCommand';

export type { BotCommandDeps } from './deps';
export { parseCommand } from './parseCommand';
export type { BotCommand } from './parseCommand';
export { helpText } from './helpCommand';

/**
 * The bot's commands: help, firing, oncall, start/close/snooze. Answers
 * undefined for anything else (a question for the analyzer). Each acts as
 * the asker's linked user with the permission the matching route checks.
 * Never throws: a failure is logged and answered in one line.
 */
export function createBotCommands(deps: BotCommandDeps): BotCommands {
  const teams = new TeamCatalog(deps.catalog, deps.auth);
  const full = { ...deps, teams };
  const now = () => deps.now?.() ?? DateTime.utc();

  async function answer(
    ctx: BotCommandContext,
    command: BotCommand,
  ): Promise<string> {
    switch (command.kind) {
      case 'help':
        return helpText();
      case 'refused':
        return command.reason;
      case 'firing': {
        const asker = await askerWith(
          ctx,
          deps.access,
          wecomIncidentReadPermission,
        );
        if (asker.answer !== undefined) return asker.answer;
        const open = await openIncidentsOf(asker.user.entityRef, full);
        return firingAnswer(open, { appBaseUrl: deps.appBaseUrl, now: now() });
      }
      case 'oncall':
        return oncallAnswer(ctx, command.service, full);
      default:
        return transitionAnswer(ctx, command, full);
    }
  }

  return {
    async run(ctx) {
      const command = parseCommand(ctx.text);
      if (!command) return undefined;
      try {
        return await answer(ctx, command);
      } catch (error) {
        deps.logger.warn(
          `The bot command "${command.kind}" failed for ${ctx.message.fromUserId} of integration ${ctx.message.integrationId}`,
          error as Error,
        );
        return `Sorry, that did not work (${
          (error as Error).name || 'Error'
        }); try again, or use the incident page in Backstage.`;
      }
    },
  };
}

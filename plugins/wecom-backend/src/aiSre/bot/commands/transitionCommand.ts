import {
  WeComIncident,
  WeComIncidentTransition,
  wecomIncidentReadPermission,
  wecomIncidentUpdatePermission,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { withAuditEvent } from '../../../http/access';
import { BotCommandContext } from '../BotCommands';
import { askerWith } from './asker';
import { openIncidentsOf } from './askerIncidents';
import { BotCommandDeps } from './deps';
import { incidentByRef, whichIncidentAnswer } from './incidentTarget';
import { escapeLine } from '../../../text/wecomMarkdown';
import { incidentName } from './incidentText';
import { BotTransitionAction } from './parseCommand';
import { TeamCatalog } from './TeamCatalog';
import { shortNameOf, STATUS_LABELS } from '../../../text/incidentLabels';
import { isWeComInvalidTransitionError } from 'backstage-plugin-wecom-node';

const COMMAND_WORDS: Record<BotTransitionAction, string> = {
  startProcessing: 'start',
  close: 'close',
  snooze: 'snooze',
};

/**
 * `start` / `close` / `snooze`: changes the status as the asker's linked
 * user when the permission policy grants them `wecom.incident.update` (the
 * route's decision, asked before any incident is looked up), with the same
 * rules as the card buttons (refusals are answered, not failed), audited
 * as `incident-change` via `wecom-bot`.
 */
export async function transitionAnswer(
  ctx: BotCommandContext,
  command: {
    action: BotTransitionAction;
    snoozeMinutes?: number;
    ref?: string;
  },
  deps: BotCommandDeps & { teams: TeamCatalog },
): Promise<string> {
  const permitted = await askerWith(
    ctx,
    deps.access,
    wecomIncidentUpdatePermission,
  );
  if (permitted.answer !== undefined) return permitted.answer;
  const { user } = permitted;
  const asker = user.entityRef;
  const mayRead = () =>
    deps.access.isAllowed(user, wecomIncidentReadPermission);

  let incident: WeComIncident | undefined = ctx.incident;
  if (command.ref) {
    const target = await incidentByRef(command.ref, deps.provider, mayRead);
    if (!target.incident) return target.answer;
    incident = target.incident;
  }
  if (!incident) {
    const open = (await mayRead())
      ? await openIncidentsOf(asker, deps)
      : undefined;
    // In a group chat without an incident, the chat is no War Room the
    // conversation recognised (by chatid, number or #id).
    return whichIncidentAnswer(
      COMMAND_WORDS[command.action],
      open,
      ctx.message.chatType === 'group',
    );
  }

  const transition: WeComIncidentTransition =
    command.action === 'snooze'
      ? { action: 'snooze', snoozeMinutes: command.snoozeMinutes }
      : { action: command.action };
  const meta = {
    action: command.action,
    incidentId: incident.id,
    wecomUserId: ctx.message.fromUserId,
    entityRef: asker,
    ...(command.snoozeMinutes ? { snoozeMinutes: command.snoozeMinutes } : {}),
    via: 'wecom-bot',
  };
  const name = incidentName(incident);
  const { answer } = await withAuditEvent(
    deps.auditor,
    { eventId: 'incident-change', meta },
    async () => {
      try {
        const changed = await deps.provider.transition(
          incident.id,
          transition,
          asker,
        );
        return {
          outcome: 'changed',
          answer: changedAnswer(name, changed, asker),
        };
      } catch (error) {
        // Not the bot's failure: answered like a card shows it.
        if (!isWeComInvalidTransitionError(error)) throw error;
        return {
          outcome: 'not-applicable',
          answer: `${escapeLine(error.message)} (${name}).`,
        };
      }
    },
    ({ outcome }) => ({ outcome }),
  );
  return answer;
}

function changedAnswer(
  name: string,
  incident: WeComIncident,
  asker: string,
): string {
  const until =
    incident.status === 'snoozed' && incident.snoozedUntil
      ? ` until ${DateTime.fromISO(incident.snoozedUntil, {
          zone: 'utc',
        }).toFormat("yyyy-MM-dd HH:mm 'UTC'")}`
      : '';
  return `${name} is now **${
    STATUS_LABELS[incident.status]
  }**${until} (by ${escapeLine(shortNameOf(asker))}).`;
}

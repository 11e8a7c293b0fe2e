import {
  WeComIncident,
  wecomIncidentReadPermission,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { normaliseRef } from '../../../catalog/catalogEntities';
import { ResolvedRecipients } from '../../../recipients/CatalogRecipientResolver';
import { chooseIntegration } from '../../../incidentCards/chooseIntegration';
import { escapeLine, inlineCode } from '../../../text/wecomMarkdown';
import { BotCommandContext } from '../BotCommands';
import { askerWith } from './asker';
import { BotCommandDeps } from './deps';
import { formatMinutes } from './snoozeDuration';
import { TeamCatalog } from './TeamCatalog';
import { shortNameOf } from '../../../text/incidentLabels';

const NO_SCHEDULES =
  'There are no rotations or schedules in this product: "on call" means who would be paged if an incident on it were opened now.';

/**
 * `oncall <service>`: who a new incident on the entity would page — level 0
 * (its owners' members, through the notifications' resolver), then each
 * `wecom.escalation` level with its delay. Who gets paged is what an
 * incident's deliveries show: it needs `wecom.incident.read`, and the
 * service is looked up as the asker.
 */
export async function oncallAnswer(
  ctx: BotCommandContext,
  service: string | undefined,
  deps: BotCommandDeps & { teams: TeamCatalog },
): Promise<string> {
  const asker = await askerWith(ctx, deps.access, wecomIncidentReadPermission);
  if (asker.answer !== undefined) return asker.answer;
  const raw = service ?? ctx.incident?.entityRef;
  if (!raw) {
    return 'Which service? Say e.g. `oncall payments-api` or `值班 component:default/payments-api`.';
  }
  const entityRef = normaliseRef(raw, 'component');
  if (!entityRef) {
    return `"${escapeLine(
      raw,
    )}" is not a service name or entity ref; say e.g. \`oncall payments-api\`.`;
  }
  if (!(await deps.teams.exists(entityRef, asker.user.credentials))) {
    return `I cannot find ${inlineCode(
      entityRef,
    )} in the catalog. Use the name of a catalog entity (\`payments-api\` means \`component:default/payments-api\`) or its full ref, e.g. \`api:default/payments\`.`;
  }

  const choice = await chooseIntegration(
    deps.integrations,
    deps.notificationIntegration,
  );
  const integrationId = choice.integrationId ?? ctx.message.integrationId;
  // The resolver routes incidents; a new one on the entity has no responders.
  const probe = newIncidentOn(entityRef, deps.now?.() ?? DateTime.utc());
  const levelZero = await deps.resolver.resolve(probe, integrationId);

  const lines = [`**On call for ${inlineCode(entityRef)}**`, NO_SCHEDULES, ''];
  lines.push(
    `**Level 0 — at once** (${escapeLine(levelZero.basis)})`,
    ...people(levelZero),
  );
  const notes = [...levelZero.notes];
  for (const [index, level] of deps.escalation.levels.entries()) {
    const resolved = await deps.resolver.resolve(
      probe,
      integrationId,
      level.targets,
    );
    lines.push(
      '',
      `**Level ${index + 1} — after ${formatMinutes(
        level.afterMinutes,
      )} unacknowledged** (${escapeLine(level.targets.join(', '))})`,
      ...people(resolved),
    );
    notes.push(...resolved.notes);
  }
  lines.push('');
  if (deps.escalation.levels.length === 0) {
    lines.push(
      'No escalation levels are configured (`wecom.escalation.levels`).',
    );
  }
  if (deps.escalation.renotifyMinutes > 0) {
    lines.push(
      `The current level is paged again every ${formatMinutes(
        deps.escalation.renotifyMinutes,
      )} until someone starts processing.`,
    );
  }
  if (choice.integrationId === undefined) {
    lines.push(
      `Cards cannot be sent right now: ${escapeLine(choice.problem)}.`,
    );
  }
  if (notes.length > 0) {
    lines.push(`Notes: ${escapeLine([...new Set(notes)].join('; '))}.`);
  }
  return lines.join('\n').trim();
}

/**
 * One line per person: linked members are paged, the others are not.
 * Names and userids come from the catalog and the links: shown as text.
 */
function people(resolved: ResolvedRecipients): string[] {
  const name = (ref: string) => escapeLine(shortNameOf(ref));
  const lines = [
    ...resolved.recipients.map(
      r => `- ${name(r.entityRef)} — WeCom ${inlineCode(r.wecomUserId)}`,
    ),
    ...resolved.unlinked.map(
      ref => `- ${name(ref)} — not linked in WeCom, would not be paged`,
    ),
    ...resolved.optedOut.map(
      ref => `- ${name(ref)} — turned WeCom cards off, would not be paged`,
    ),
  ];
  return lines.length > 0 ? lines : ['- nobody'];
}

function newIncidentOn(entityRef: string, now: DateTime): WeComIncident {
  const at = now.toISO() ?? '';
  return {
    id: 'oncall-probe',
    title: `On call for ${entityRef}`,
    severity: 'critical',
    status: 'triggered',
    entityRef,
    responders: [],
    source: 'wecom-bot',
    createdAt: at,
    updatedAt: at,
  };
}

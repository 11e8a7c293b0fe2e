import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  WeComIncident,
  WeComOnCallAnswer,
  wecomOnCallReadPermission,
} from 'backstage-plugin-wecom-common';
import { catalogVisibility } from '../../../catalog/catalogVisibility';
import { DateTime } from 'luxon';
import { normaliseRef } from '../../../catalog/catalogEntities';
import { ResolvedRecipients } from '../../../recipients/CatalogRecipientResolver';
import { chooseIntegration } from '../../../incidentCards/chooseIntegration';
import { escapeLine, inlineCode } from '../../../text/wecomMarkdown';
import { BotCommandContext } from '../BotCommands';
import { askerWith } from './asker';
import { BotCommandDeps } from './deps';
import { formatMinutes } from './snoozeDuration';
import { NOT_SHOWN, ShownToAsker, nextLines, nowLines } from './oncallText';
import { TeamCatalog } from './TeamCatalog';
import { shortNameOf } from '../../../text/incidentLabels';

/**
 * `oncall <service>`: who is on call for the entity now, until when and
 * why, who is next, then who the escalation pages later. "Now" is the
 * on-call resolver's answer (the same the route, cards and War Rooms use);
 * whether each person would get a card is the notifications' resolver's.
 * Needs `wecom.oncall.read`, as the route; the service is looked up as the
 * asker.
 */
export async function oncallAnswer(
  ctx: BotCommandContext,
  service: string | undefined,
  deps: BotCommandDeps & { teams: TeamCatalog },
): Promise<string> {
  const asker = await askerWith(ctx, deps.access, wecomOnCallReadPermission);
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
  const now = deps.now?.() ?? DateTime.utc();
  const answer = await deps.onCall.resolve(entityRef, now);
  // A new incident on the entity has no responders: the resolver pages
  // whoever is on call, and says who would not get the card.
  const probe = newIncidentOn(entityRef, now);
  const levelZero = await deps.resolver.resolve(probe, integrationId);
  const levels = answer.policyId
    ? []
    : await Promise.all(
        deps.escalation.levels.map(level =>
          deps.resolver.resolve(probe, integrationId, level.targets),
        ),
      );
  const shown = await shownToAsker(
    [answer, levelZero, ...levels],
    deps,
    asker.user.credentials,
  );

  const lines = [
    `**On call for ${inlineCode(entityRef)} now 当前值班** (${escapeLine(
      levelZero.basis,
    )})`,
    ...nowLines(answer, levelZero, shown),
    ...nextLines(answer),
  ];
  const notes = [...levelZero.notes];
  if (answer.policyId) {
    lines.push(
      '',
      `Escalation policy ${inlineCode(
        answer.policyId,
      )} pages the next levels 后续由升级策略通知.`,
    );
  } else {
    for (const [index, level] of deps.escalation.levels.entries()) {
      const resolved = levels[index];
      lines.push(
        '',
        `**Level ${index + 1} — after ${formatMinutes(
          level.afterMinutes,
        )} unacknowledged** (${escapeLine(level.targets.join(', '))})`,
        ...people(resolved, shown),
      );
      notes.push(...resolved.notes);
    }
  }
  lines.push('');
  if (!answer.policyId && deps.escalation.levels.length === 0) {
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
function people(resolved: ResolvedRecipients, shown: ShownToAsker): string[] {
  const line = (ref: string, reach: string) =>
    `- ${escapeLine(shortNameOf(ref))} — ${shown(ref) ? reach : NOT_SHOWN}`;
  const lines = [
    ...resolved.recipients.map(r =>
      line(r.entityRef, `WeCom ${inlineCode(r.wecomUserId)}`),
    ),
    ...resolved.unlinked.map(ref =>
      line(ref, 'not linked in WeCom, would not be paged'),
    ),
    ...resolved.optedOut.map(ref =>
      line(ref, 'turned WeCom cards off, would not be paged'),
    ),
  ];
  return lines.length > 0 ? lines : ['- nobody'];
}

/**
 * Which of the people named in the answer the catalog shows the asker,
 * read with their credentials (one batch); who is paged is decided with
 * the plugin's own, as everywhere.
 */
async function shownToAsker(
  answers: Array<WeComOnCallAnswer | ResolvedRecipients>,
  deps: Pick<BotCommandDeps, 'catalog'>,
  credentials: BackstageCredentials,
): Promise<ShownToAsker> {
  const refs = answers.flatMap(answer =>
    'now' in answer
      ? [...answer.now, ...(answer.next ?? [])].map(e => e.userEntityRef)
      : [
          ...answer.recipients.map(r => r.entityRef),
          ...answer.unlinked,
          ...answer.optedOut,
        ],
  );
  const seen = await catalogVisibility(deps.catalog)(refs, credentials);
  return ref => seen.has(ref.toLocaleLowerCase('en-US'));
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

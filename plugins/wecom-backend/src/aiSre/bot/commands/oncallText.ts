import {
  WeComOnCallAnswer,
  WeComOnCallEntry,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { ResolvedRecipients } from '../../../recipients/CatalogRecipientResolver';
import { shortNameOf } from '../../../text/incidentLabels';
import { escapeLine, inlineCode } from '../../../text/wecomMarkdown';

// The bot's on-call lines, English then Chinese like its other texts.
// Names, schedule names and userids come from the catalog, the schedules
// and the links: escaped, never markup.

/** `2026-11-26 18:00 UTC`: the bot cannot know the reader's time zone. */
export function formatUntil(iso: string): string {
  return `${DateTime.fromISO(iso, { zone: 'utc' }).toFormat(
    'yyyy-MM-dd HH:mm',
  )} UTC`;
}

/** Why someone is on call, in a few words. */
export function whyText(entry: WeComOnCallEntry, policyId?: string): string {
  const schedule = `"${escapeLine(
    entry.scheduleName ?? entry.scheduleId ?? '',
  )}"`;
  switch (entry.via) {
    case 'schedule':
      return `schedule ${schedule} 排班`;
    case 'override':
      return `override in ${schedule} 替班`;
    case 'policy':
      return policyId
        ? `escalation policy ${inlineCode(policyId)} 升级策略`
        : 'escalation policy 升级策略';
    default:
      return 'owner team, no schedule 负责团队（无排班）';
  }
}

/**
 * Which people the asker may see (the catalog's view as them): someone
 * hidden keeps their ref, as the `/oncall` route does, but not their WeCom
 * member nor whether a card reaches them.
 */
export type ShownToAsker = (userEntityRef: string) => boolean;

export const NOT_SHOWN = 'not shown to you';

/** Whether the person's card would reach them, as level 0 resolves it. */
function reachText(
  entry: WeComOnCallEntry,
  level0: ResolvedRecipients,
  shown: ShownToAsker,
): string {
  if (!shown(entry.userEntityRef)) return NOT_SHOWN;
  const recipient = level0.recipients.find(
    r => r.entityRef === entry.userEntityRef,
  );
  if (recipient) return `WeCom ${inlineCode(recipient.wecomUserId)}`;
  if (level0.optedOut.includes(entry.userEntityRef)) {
    return 'turned WeCom cards off, would not be paged';
  }
  return entry.wecomUserId
    ? `WeCom ${inlineCode(entry.wecomUserId)}`
    : 'not linked in WeCom, would not be paged';
}

/** One line per person on call now: who, how they are reached, until when, why. */
export function nowLines(
  answer: WeComOnCallAnswer,
  level0: ResolvedRecipients,
  shown: ShownToAsker,
): string[] {
  const lines = answer.now.map(entry =>
    [
      `- ${escapeLine(shortNameOf(entry.userEntityRef))}`,
      reachText(entry, level0, shown),
      ...(entry.until ? [`until ${formatUntil(entry.until)} 至`] : []),
      whyText(entry, answer.policyId),
    ].join(' — '),
  );
  return lines.length > 0 ? lines : ['- nobody 无人'];
}

/** Who takes over after the current turn, when a schedule decided. */
export function nextLines(answer: WeComOnCallAnswer): string[] {
  if (!answer.next) return [];
  const people = answer.next.map(entry =>
    [
      `- ${escapeLine(shortNameOf(entry.userEntityRef))}`,
      ...(entry.until ? [`until ${formatUntil(entry.until)} 至`] : []),
      whyText(entry, answer.policyId),
    ].join(' — '),
  );
  return [
    '',
    '**Next 下一班**',
    ...(people.length ? people : ['- nobody 无人']),
  ];
}

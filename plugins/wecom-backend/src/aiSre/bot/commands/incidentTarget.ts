import { WeComIncident } from 'backstage-plugin-wecom-common';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { listOpenIncidents } from './askerIncidents';
import { inlineCode } from '../../../text/wecomMarkdown';
import { incidentChoice, shortRef } from './incidentText';
import { CHAT_NOT_RECOGNISED } from '../botTexts';

/** The incident a command acts on, or what to answer instead. */
export type IncidentTarget =
  | { incident: WeComIncident; answer?: undefined }
  | { incident?: undefined; answer: string };

const SHORT_REF = /^[0-9a-f]{8}$/i;
// Closed incidents count too: "close #…" on a closed one answers why not.
const RECENT = 200;

/**
 * Resolves `#<id>` or `#<first 8 hex digits>` (among open and recent
 * incidents; shorter prefixes are not guessed). Unknown and ambiguous refs
 * answer how to be precise; an ambiguous ref names its candidates only
 * when `mayList` (the asker may see incidents).
 */
export async function incidentByRef(
  ref: string,
  provider: Pick<WeComIncidentProvider, 'getIncident' | 'listIncidents'>,
  mayList: () => Promise<boolean>,
): Promise<IncidentTarget> {
  const exact = await provider.getIncident(ref);
  if (exact) return { incident: exact };
  if (!SHORT_REF.test(ref)) {
    return {
      answer: `There is no incident \`#${ref}\`. Use its id or the first 8 characters of it, as in the War Room's name (e.g. \`#3f1c9a52\`).`,
    };
  }
  const [open, recent] = await Promise.all([
    listOpenIncidents(provider),
    provider.listIncidents({ limit: RECENT }),
  ]);
  const prefix = ref.toLocaleLowerCase('en-US');
  const matches = new Map<string, WeComIncident>();
  for (const incident of [...open, ...recent.items]) {
    if (incident.id.toLocaleLowerCase('en-US').startsWith(prefix)) {
      matches.set(incident.id, incident);
    }
  }
  const [first, ...others] = matches.values();
  if (!first) {
    return {
      answer: `No open or recent incident starts with \`#${ref}\`. Check the id on the incident page or say \`firing\` to list yours.`,
    };
  }
  if (others.length > 0) {
    if (!(await mayList())) {
      return {
        answer: `\`#${ref}\` matches ${
          others.length + 1
        } incidents; use the full id from the incident page in Backstage.`,
      };
    }
    const listed = [first, ...others]
      .map(i => incidentChoice(i, id => `#${id}`))
      .join('\n');
    return {
      answer: `\`#${ref}\` matches ${
        others.length + 1
      } incidents; add the full id:\n${listed}`,
    };
  }
  return { incident: first };
}

/**
 * "Which incident?", listing the asker's open ones to pick from (none when
 * `open` is undefined: the asker may not see incidents). `inGroupChat`: the
 * message came from a group chat that is no War Room the bot recognises,
 * which the member is told (it may be a War Room under another chatid).
 */
export function whichIncidentAnswer(
  command: string,
  open: WeComIncident[] | undefined,
  inGroupChat = false,
): string {
  const ask = inGroupChat
    ? `${CHAT_NOT_RECOGNISED} Which incident? Add its number`
    : 'Which incident? Outside a War Room add its id';
  if (!open) {
    return `${ask}, e.g. \`${command} #3f1c9a52\`.`;
  }
  if (open.length === 0) {
    return `${ask}, e.g. \`${command} #3f1c9a52\`. None is open for your teams right now.`;
  }
  const listed = open
    .slice(0, 10)
    .map(i => incidentChoice(i))
    .join('\n');
  return `${ask}, e.g. ${inlineCode(
    `${command} ${shortRef(open[0].id)}`,
  )}. Open for your teams:\n${listed}`;
}

import {
  WeComConversationLine,
  WeComPostmortemInput,
} from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { RUNBOOK_LINK } from '../../entityFacts';
import { AnalysisFacts, similarLine } from './analysisMarkdown';
import { duration, oneLine, refs } from './text';
import { SEVERITY_LABELS } from '../../../text/incidentLabels';

/** Timeline entries listed; a long incident's middle is summarised. */
const MAX_TIMELINE = 80;
/** An acknowledgement slower than this is worth a corrective action. */
const SLOW_ACK_MINUTES = 15;

// What responders write in the War Room to feed the post-mortem, e.g.
// "root cause: the pool size was halved by the last deploy".
const ROOT_CAUSE =
  /^\s*(?:(?:root[ -]?cause|rca|原因)\s*[:：]|根本原因|根因)\s*[:：是]?\s*/i;
const ACTION =
  /^\s*(action( item)?|todo|follow[ -]?up|fix|改进|待办|行动项|后续)\s*[:：]\s*/i;
const LESSON = /^\s*(lessons?( learned)?|learned|经验|教训)\s*[:：]\s*/i;

export const POSTMORTEM_FOOTER =
  '*Drafted by the built-in analyzer from the incident, its timeline and the War Room chat; no AI model was used. Review and fill in before sharing.*';

/**
 * A post-mortem draft with the six sections, filled from what the plugin
 * knows; what only people know is marked "fill in". Lines in the War
 * Room starting with "root cause:", "action:" or "lesson:" (or 根因/改进/
 * 经验) go into their sections.
 */
export function writePostmortem(
  input: WeComPostmortemInput,
  facts: Omit<AnalysisFacts, 'context'>,
): string {
  const all: AnalysisFacts = { ...facts, context: input.context };
  const { incident } = input.context;
  return [
    `# Post-mortem: ${oneLine(incident.title, 150)}`,
    summarySection(all),
    impactSection(all),
    timelineSection(all, input.conversation),
    rootCauseSection(input.conversation),
    actionsSection(all, input.conversation),
    lessonsSection(all, input.conversation),
    POSTMORTEM_FOOTER,
  ].join('\n\n');
}

function summarySection({ context, timeZone }: AnalysisFacts): string {
  const { incident, entity } = context;
  const opened = DateTime.fromISO(incident.createdAt);
  const sentences = [
    `${SEVERITY_LABELS[incident.severity]} incident "${oneLine(
      incident.title,
      150,
    )}"${
      entity || incident.entityRef
        ? ` on ${refs(entity?.entityRef ?? incident.entityRef ?? '')}`
        : ''
    }, opened ${at(opened, timeZone)} (source: ${refs(incident.source)}).`,
  ];
  if (incident.acknowledgedAt) {
    sentences.push(
      `Acknowledged${
        incident.acknowledgedBy ? ` by ${refs(incident.acknowledgedBy)}` : ''
      } after ${duration(opened, DateTime.fromISO(incident.acknowledgedAt))}.`,
    );
  } else {
    sentences.push('It was never acknowledged.');
  }
  if (incident.closedAt) {
    sentences.push(
      `Closed${incident.closedBy ? ` by ${refs(incident.closedBy)}` : ''} ${at(
        DateTime.fromISO(incident.closedAt),
        timeZone,
      )}, ${duration(
        opened,
        DateTime.fromISO(incident.closedAt),
      )} after it opened.`,
    );
  } else {
    sentences.push(`It is still ${incident.status}.`);
  }
  const lines = ['## Summary', sentences.join(' ')];
  if (incident.description)
    lines.push('', `> ${oneLine(incident.description, 500)}`);
  return lines.join('\n');
}

function impactSection({ context }: AnalysisFacts): string {
  const { incident, entity, timeline } = context;
  const lines = ['## Impact'];
  if (entity) {
    lines.push(
      `- Affected: ${refs(entity.entityRef)}${
        entity.system ? ` (system ${refs(entity.system)})` : ''
      }${entity.lifecycle ? `, ${refs(entity.lifecycle)}` : ''}`,
    );
    if (entity.dependents.length > 0) {
      lines.push(`- Depended on by: ${refs(...entity.dependents)}`);
    }
  } else if (incident.entityRef) {
    lines.push(
      `- Affected: ${refs(incident.entityRef)} (not described by the catalog)`,
    );
  } else {
    lines.push('- Affected: no catalog entity was attached');
  }
  for (const [name, value] of Object.entries(incident.fields ?? {})) {
    lines.push(`- ${oneLine(name, 40)}: ${oneLine(value, 120)}`);
  }
  const alerts = timeline.filter(entry => entry.kind === 'alert');
  if (alerts.length > 0) {
    const resolved = alerts.filter(entry => entry.data?.status === 'resolved');
    lines.push(
      `- Alerts: ${alerts.length} notifications, ${resolved.length} resolved`,
    );
  }
  lines.push(
    '- Users and business affected: *fill in (who noticed, how many, for how long)*',
  );
  return lines.join('\n');
}

function timelineSection(
  { context, timeZone }: AnalysisFacts,
  conversation: WeComConversationLine[],
): string {
  const lines = [`## Timeline`];
  const entries = context.timeline;
  const shown =
    entries.length > MAX_TIMELINE
      ? [
          ...entries.slice(0, MAX_TIMELINE / 2),
          undefined,
          ...entries.slice(-MAX_TIMELINE / 2),
        ]
      : entries;
  for (const entry of shown) {
    if (!entry) {
      lines.push(
        `- … ${
          entries.length - MAX_TIMELINE
        } more entries on the incident page`,
      );
      continue;
    }
    lines.push(
      `- ${at(DateTime.fromISO(entry.at), timeZone)} ${oneLine(
        entry.message,
        200,
      )}${entry.actor ? ` (${refs(entry.actor)})` : ''}`,
    );
  }
  if (entries.length === 0)
    lines.push('- *No timeline entries were recorded.*');
  const people = conversation.filter(line => line.from !== 'bot');
  if (people.length > 0) {
    const first = DateTime.fromISO(people[0].at);
    const speakers = new Set(people.map(line => line.from)).size;
    lines.push(
      `- War Room chat: ${count(people.length, 'message')} from ${
        speakers === 1 ? '1 person' : `${speakers} people`
      }, starting ${at(first, timeZone)}`,
    );
  }
  return lines.join('\n');
}

function rootCauseSection(conversation: WeComConversationLine[]): string {
  const said = marked(conversation, ROOT_CAUSE);
  return [
    '## Root cause',
    ...(said.length > 0 ? said : ['Not determined automatically — fill in.']),
  ].join('\n');
}

function actionsSection(
  { context }: AnalysisFacts,
  conversation: WeComConversationLine[],
): string {
  const { incident, entity } = context;
  const items = marked(conversation, ACTION).map(line =>
    line.replace(/^- /, '- [ ] '),
  );
  if (entity && entity.owners.length === 0) {
    items.push(
      `- [ ] Set an owner of ${refs(entity.entityRef)} in the catalog`,
    );
  }
  if (
    entity &&
    !entity.links.some(
      l => RUNBOOK_LINK.test(l.title) || RUNBOOK_LINK.test(l.url),
    )
  ) {
    items.push(
      `- [ ] Write a runbook for ${refs(
        entity.entityRef,
      )} and link it (metadata.links)`,
    );
  }
  if (incident.acknowledgedAt) {
    const minutes = DateTime.fromISO(incident.acknowledgedAt)
      .diff(DateTime.fromISO(incident.createdAt))
      .as('minutes');
    if (minutes > SLOW_ACK_MINUTES) {
      items.push(
        `- [ ] Review paging: acknowledging took ${Math.round(minutes)} min`,
      );
    }
  }
  items.push(
    '- [ ] *Fill in: the fix that prevents a repeat, with an owner and a date*',
  );
  return ['## Corrective actions', ...items].join('\n');
}

function lessonsSection(
  facts: AnalysisFacts,
  conversation: WeComConversationLine[],
): string {
  const lines = ['## Lessons learned', ...marked(conversation, LESSON)];
  const similar = facts.context.similarIncidents;
  if (similar.length > 0) {
    lines.push(
      `- It happened before: ${similar.length} similar past incident${
        similar.length > 1 ? 's' : ''
      }:`,
    );
    for (const { incident, score } of similar) {
      lines.push(`  - ${similarLine(facts, incident, score)}`);
    }
  }
  lines.push(
    '- *Fill in: what went well, what went wrong, where we got lucky.*',
  );
  return lines.join('\n');
}

/** Conversation lines with the marker, as `- text (who)` items. */
function marked(
  conversation: WeComConversationLine[],
  marker: RegExp,
): string[] {
  return conversation
    .filter(line => line.from !== 'bot' && marker.test(line.text))
    .map(
      line =>
        `- ${oneLine(line.text.replace(marker, ''), 500)} (${refs(
          line.entityRef ?? line.from,
        )})`,
    );
}

function at(time: DateTime, timeZone: string): string {
  const local = time.setZone(timeZone);
  return `${local.toFormat('yyyy-MM-dd HH:mm')} ${
    local.offsetNameShort ?? timeZone
  }`;
}

/** `1 message`, `3 messages`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

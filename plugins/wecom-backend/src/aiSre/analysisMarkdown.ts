import {
  WeComIncident,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';
import { DateTime, Duration } from 'luxon';
import { SEVERITY_LABELS } from '../notifications/cards/cardText';
import { CARD_STATUS_LABELS } from '../notifications/contracts';
import { EntityFacts } from './entityFacts';

/** WeCom refuses markdown messages over 2,048 bytes; keep a margin. */
export const MAX_ANALYSIS_BYTES = 2000;

/** Timeline entries shown, fewest last: dropped first when over budget. */
const TIMELINE_LIMITS = [6, 4, 2, 0];
const MAX_LINKS = 3;
/** Alert notifications in the last hour that make it "still firing". */
const FIRING_ALERTS_THRESHOLD = 3;

const FOOTER =
  '*Rule-based summary of the incident and the catalog; no AI model was used. ' +
  'It cannot see metrics, logs or recent changes.*';

/** Everything the analysis is written from. */
export interface AnalysisFacts {
  incident: WeComIncident;
  /** Oldest first. */
  timeline: WeComTimelineEntry[];
  /** Absent: the incident has no entity. */
  entity?: EntityFacts;
  now: DateTime;
  /** IANA zone the times are shown in. */
  timeZone: string;
}

/** The analysis as WeCom markdown, at most {@link MAX_ANALYSIS_BYTES}. */
export function writeAnalysis(facts: AnalysisFacts): string {
  let markdown = '';
  for (const limit of TIMELINE_LIMITS) {
    markdown = render(facts, limit);
    if (byteLength(markdown) <= MAX_ANALYSIS_BYTES) return markdown;
  }
  // Still too long (very long links or refs): cut, but keep the disclaimer.
  const budget = MAX_ANALYSIS_BYTES - byteLength(`…\n\n${FOOTER}`);
  return `${truncateBytes(markdown, budget)}…\n\n${FOOTER}`;
}

function render(facts: AnalysisFacts, timelineLimit: number): string {
  return [
    summary(facts),
    impact(facts),
    timelineSection(facts, timelineLimit),
    ownersAndRunbooks(facts),
    nextSteps(facts),
    FOOTER,
  ]
    .filter(Boolean)
    .join('\n\n');
}

function summary({ incident, now, timeZone }: AnalysisFacts): string {
  const opened = DateTime.fromISO(incident.createdAt);
  const lines = [
    '**Summary**',
    `${text(incident.title, 120)}`,
    `Severity: ${SEVERITY_LABELS[incident.severity]} · Status: ${
      CARD_STATUS_LABELS[incident.status]
    }`,
  ];
  if (incident.description) lines.push(`> ${text(incident.description, 200)}`);
  if (incident.status === 'closed' && incident.closedAt) {
    const closed = DateTime.fromISO(incident.closedAt);
    lines.push(
      `Was open for ${duration(opened, closed)} (closed ${clock(
        closed,
        now,
        timeZone,
      )}${incident.closedBy ? ` by ${incident.closedBy}` : ''})`,
    );
  } else {
    lines.push(
      `Open for ${duration(opened, now)} (since ${clock(
        opened,
        now,
        timeZone,
      )})`,
    );
  }
  if (incident.acknowledgedBy && incident.acknowledgedAt) {
    const acknowledged = DateTime.fromISO(incident.acknowledgedAt);
    lines.push(
      `Acknowledged by ${incident.acknowledgedBy} ${duration(
        opened,
        acknowledged,
      )} after it opened`,
    );
  } else {
    lines.push(
      incident.status === 'closed'
        ? 'It was never acknowledged'
        : 'Nobody has acknowledged it yet',
    );
  }
  return lines.join('\n');
}

function impact({ incident, entity }: AnalysisFacts): string {
  const lines = ['**Impact**'];
  if (!entity) {
    lines.push(
      'No catalog entity is attached, so the affected service cannot be told.',
    );
  } else if (entity.lookup === 'found') {
    const kindWords = [entity.type, entity.lifecycle].filter(Boolean);
    lines.push(
      `${entity.ref}${kindWords.length ? ` (${kindWords.join(', ')})` : ''}${
        entity.system ? ` in system ${entity.system}` : ''
      }`,
    );
    if (entity.description) lines.push(text(entity.description, 200));
    if (!entity.system || !entity.lifecycle) {
      lines.push(
        `The catalog does not say ${[
          entity.system ? undefined : 'which system it belongs to',
          entity.lifecycle ? undefined : 'its lifecycle',
        ]
          .filter(Boolean)
          .join(' or ')}.`,
      );
    }
  } else {
    lines.push(
      `${entity.ref}: ${
        entity.lookup === 'missing'
          ? 'not in the catalog'
          : 'the catalog could not be read'
      }, so its system, lifecycle and users cannot be told.`,
    );
  }
  const fields = Object.entries(incident.fields ?? {}).slice(0, 4);
  if (fields.length > 0) {
    lines.push(
      fields
        .map(([name, value]) => `${text(name, 30)}: ${text(value, 60)}`)
        .join(' · '),
    );
  }
  return lines.join('\n');
}

function timelineSection(
  { timeline, now, timeZone }: AnalysisFacts,
  limit: number,
): string {
  if (limit === 0 || timeline.length === 0) return '';
  const shown = timeline.slice(-limit);
  const zone = now.setZone(timeZone).offsetNameShort ?? timeZone;
  const lines = [`**Timeline** (${zone})`];
  const earlier = timeline.length - shown.length;
  if (earlier > 0) lines.push(`… ${earlier} earlier on the incident page`);
  for (const entry of shown) {
    lines.push(
      `${clock(DateTime.fromISO(entry.at), now, timeZone)} ${text(
        entry.message,
        90,
      )}`,
    );
  }
  return lines.join('\n');
}

function ownersAndRunbooks({ incident, entity }: AnalysisFacts): string {
  const lines = ['**Owners and runbooks**'];
  if (incident.responders.length > 0) {
    lines.push(`Responders: ${incident.responders.join(', ')}`);
  }
  if (entity?.lookup === 'found') {
    lines.push(
      entity.owners.length > 0
        ? `Owner: ${entity.owners.join(', ')}`
        : `Owner: none in the catalog`,
    );
    const links = entity.links.slice(0, MAX_LINKS);
    for (const link of links) {
      lines.push(`[${linkTitle(link.title ?? link.url)}](${link.url})`);
    }
    if (links.length === 0) lines.push('No links in the catalog.');
    if (entity.hasTechDocs) lines.push('TechDocs: published in Backstage');
  } else {
    lines.push('Owner and runbooks: unknown without a catalog entity.');
  }
  return lines.join('\n');
}

function nextSteps({
  incident,
  timeline,
  entity,
  now,
  timeZone,
}: AnalysisFacts): string {
  const steps: string[] = [];
  const opened = DateTime.fromISO(incident.createdAt);
  if (incident.status === 'triggered') {
    steps.push(
      `Acknowledge: Start processing (unacknowledged for ${duration(
        opened,
        now,
      )}; escalation continues until then)`,
    );
  } else if (incident.status === 'snoozed' && incident.snoozedUntil) {
    const wakes = DateTime.fromISO(incident.snoozedUntil);
    steps.push(
      `Snoozed: it is triggered again ${clock(
        wakes,
        now,
        timeZone,
      )} (in ${duration(now, wakes)})`,
    );
  } else if (incident.status === 'closed') {
    steps.push('Closed: reopen it if the problem comes back');
  }

  const alerts = timeline.filter(entry => entry.kind === 'alert');
  const lastAlert = alerts[alerts.length - 1];
  const hourAgo = now.minus({ hours: 1 });
  const firing = alerts.filter(
    entry =>
      entry.data?.status !== 'resolved' &&
      DateTime.fromISO(entry.at) >= hourAgo,
  );
  if (lastAlert?.data?.status === 'resolved' && incident.status !== 'closed') {
    steps.push(
      `The alerts resolved ${clock(
        DateTime.fromISO(lastAlert.at),
        now,
        timeZone,
      )}: verify, then close the incident`,
    );
  } else if (firing.length >= FIRING_ALERTS_THRESHOLD) {
    steps.push(`Alerts still firing: ${firing.length} in the last hour`);
  }

  if (entity?.lookup === 'found') {
    if (entity.owners.length === 0) {
      steps.push(`Set an owner of ${entity.ref} in the catalog`);
    }
    if (!entity.links.some(link => link.runbook)) {
      steps.push(`Add a runbook link to ${entity.ref} (metadata.links)`);
    }
  } else if (!entity && incident.responders.length === 0) {
    steps.push('Name responders: the incident has no entity and no responders');
  }
  if (steps.length === 0) return '';
  return [
    '**Next steps**',
    ...steps.map((step, index) => `${index + 1}. ${step}`),
  ].join('\n');
}

/** HH:mm in the zone; with the date when it is not today. */
function clock(time: DateTime, now: DateTime, timeZone: string): string {
  const local = time.setZone(timeZone);
  const sameDay = local.hasSame(now.setZone(timeZone), 'day');
  return local.toFormat(sameDay ? 'HH:mm' : 'MM-dd HH:mm');
}

/** "2 d 3 h", "1 h 5 min", "12 min", "under a minute". */
export function duration(from: DateTime, to: DateTime): string {
  const minutes = Math.max(0, Math.floor(to.diff(from).as('minutes')));
  if (minutes < 1) return 'under a minute';
  const {
    days,
    hours,
    minutes: mins,
  } = Duration.fromObject({ minutes })
    .shiftTo('days', 'hours', 'minutes')
    .toObject();
  if (days) return `${days} d${hours ? ` ${hours} h` : ''}`;
  if (hours) return `${hours} h${mins ? ` ${mins} min` : ''}`;
  return `${mins} min`;
}

/** One line of plain text, at most `max` characters. */
function text(value: string, max: number): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function linkTitle(value: string): string {
  return text(value.replace(/[[\]()]/g, ''), 60);
}

function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** The longest prefix within `bytes` that does not split a character. */
function truncateBytes(value: string, bytes: number): string {
  let result = '';
  let used = 0;
  for (const char of value) {
    const size = byteLength(char);
    if (used + size > bytes) break;
    result += char;
    used += size;
  }
  return result;
}

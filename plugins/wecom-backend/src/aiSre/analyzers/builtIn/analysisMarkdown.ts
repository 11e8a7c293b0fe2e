import { WeComIncidentContext } from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { RUNBOOK_LINK } from '../../entityFacts';
import { MAX_ANALYSIS_BYTES, byteLength, fitMarkdown } from '../markdownBudget';
import {
  catalogLink,
  clock,
  duration,
  linkTitle,
  oneLine,
  refs,
  zoneName,
} from './text';
import { SEVERITY_LABELS, STATUS_LABELS } from '../../../text/incidentLabels';

/** Timeline entries and similar incidents shown, dropped when over budget. */
const BUDGETS = [
  { timeline: 6, similar: 3 },
  { timeline: 4, similar: 3 },
  { timeline: 4, similar: 2 },
  { timeline: 2, similar: 2 },
  { timeline: 2, similar: 1 },
  { timeline: 0, similar: 1 },
  { timeline: 0, similar: 0 },
];
const MAX_LINKS = 4;
/** Alert notifications in the last hour that make it "still firing". */
const FIRING_ALERTS_THRESHOLD = 3;

export const ANALYSIS_FOOTER =
  '*Rule-based summary of the incident, the catalog and past incidents; no AI model was used. ' +
  'It cannot see metrics, logs or recent changes.*';

/** Everything the analysis is written from. */
export interface AnalysisFacts {
  context: WeComIncidentContext;
  now: DateTime;
  /** IANA zone the times are shown in. */
  timeZone: string;
  /** The Backstage page of another incident, for similar ones. */
  incidentUrl?: (id: string) => string;
}

/** The War Room's analysis as WeCom markdown, at most 2,000 bytes. */
export function writeAnalysis(facts: AnalysisFacts): string {
  let markdown = '';
  for (const budget of BUDGETS) {
    markdown = render(facts, budget.timeline, budget.similar);
    if (byteLength(markdown) <= MAX_ANALYSIS_BYTES) return markdown;
  }
  // Still too long (very long links or refs): cut, but keep the disclaimer.
  const body = markdown.slice(0, -ANALYSIS_FOOTER.length).trimEnd();
  return fitMarkdown(body, MAX_ANALYSIS_BYTES, ANALYSIS_FOOTER);
}

function render(
  facts: AnalysisFacts,
  timelineLimit: number,
  similarLimit: number,
): string {
  return [
    summary(facts),
    impact(facts),
    timelineSection(facts, timelineLimit),
    ownersAndRunbooks(facts),
    similarSection(facts, similarLimit),
    nextSteps(facts),
    ANALYSIS_FOOTER,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** Title, severity, status, how long open and who acknowledged it. */
export function summary({ context, now, timeZone }: AnalysisFacts): string {
  const { incident } = context;
  const opened = DateTime.fromISO(incident.createdAt);
  const lines = [
    '**Summary**',
    `${oneLine(incident.title, 120)}`,
    `Severity: ${SEVERITY_LABELS[incident.severity]} · Status: ${
      STATUS_LABELS[incident.status]
    }`,
  ];
  if (incident.description) {
    lines.push(`> ${oneLine(incident.description, 200)}`);
  }
  if (incident.status === 'closed' && incident.closedAt) {
    const closed = DateTime.fromISO(incident.closedAt);
    lines.push(
      `Was open for ${duration(opened, closed)} (closed ${clock(
        closed,
        now,
        timeZone,
      )}${incident.closedBy ? ` by ${refs(incident.closedBy)}` : ''})`,
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
      `Acknowledged by ${refs(incident.acknowledgedBy)} ${duration(
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

/** The entity, its system and lifecycle, who depends on it, key fields. */
export function impact({ context }: AnalysisFacts): string {
  const { incident, entity } = context;
  const lines = ['**Impact**'];
  if (!incident.entityRef) {
    lines.push(
      'No catalog entity is attached, so the affected service cannot be told.',
    );
  } else if (!entity) {
    lines.push(
      `${refs(
        incident.entityRef,
      )}: not in the catalog, or the catalog could not be read, so its system, lifecycle and users cannot be told.`,
    );
  } else {
    lines.push(
      `${refs(entity.entityRef)}${
        entity.lifecycle ? ` (${refs(entity.lifecycle)})` : ''
      }${entity.system ? ` in system ${refs(entity.system)}` : ''}`,
    );
    if (entity.description) lines.push(oneLine(entity.description, 200));
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
    if (entity.dependents.length > 0) {
      const shown = entity.dependents.slice(0, 3);
      const more = entity.dependents.length - shown.length;
      lines.push(
        `Depended on by ${refs(...shown)}${
          more > 0 ? ` and ${more} more` : ''
        }`,
      );
    }
  }
  const fields = Object.entries(incident.fields ?? {}).slice(0, 4);
  if (fields.length > 0) {
    lines.push(
      fields
        .map(([name, value]) => `${oneLine(name, 30)}: ${oneLine(value, 60)}`)
        .join(' · '),
    );
  }
  return lines.join('\n');
}

/** The last `limit` timeline entries, with how many came before. */
export function timelineSection(
  { context, now, timeZone }: AnalysisFacts,
  limit: number,
): string {
  const { timeline } = context;
  if (limit === 0 || timeline.length === 0) return '';
  const shown = timeline.slice(-limit);
  const lines = [`**Timeline** (${zoneName(now, timeZone)})`];
  const earlier = timeline.length - shown.length;
  if (earlier > 0) lines.push(`… ${earlier} earlier on the incident page`);
  for (const entry of shown) {
    lines.push(
      `${clock(DateTime.fromISO(entry.at), now, timeZone)} ${oneLine(
        entry.message,
        90,
      )}`,
    );
  }
  return lines.join('\n');
}

/** Responders, owners and the entity's links, runbooks first. */
export function ownersAndRunbooks({ context }: AnalysisFacts): string {
  const { incident, entity } = context;
  const lines = ['**Owners and runbooks**'];
  if (incident.responders.length > 0) {
    lines.push(`Responders: ${refs(...incident.responders)}`);
  }
  if (entity) {
    lines.push(
      entity.owners.length > 0
        ? `Owner: ${refs(...entity.owners)}`
        : `Owner: none in the catalog`,
    );
    const links = entity.links.slice(0, MAX_LINKS);
    for (const link of links) {
      lines.push(catalogLink(link));
    }
    if (links.length === 0) lines.push('No links in the catalog.');
  } else {
    lines.push('Owner and runbooks: unknown without a catalog entity.');
  }
  return lines.join('\n');
}

/** Closed incidents that read alike: when, how long, who closed them. */
export function similarSection(facts: AnalysisFacts, limit: number): string {
  const shown = facts.context.similarIncidents.slice(0, limit);
  if (shown.length === 0) return '';
  const lines = ['**Similar past incidents**'];
  for (const { incident, score } of shown) {
    lines.push(similarLine(facts, incident, score));
  }
  return lines.join('\n');
}

/** `[title](url) · 11-20 · closed by X after 1 h 5 min · 82% alike` */
export function similarLine(
  { now, timeZone, incidentUrl }: AnalysisFacts,
  incident: WeComIncidentContext['incident'],
  score: number,
): string {
  const title = linkTitle(incident.title);
  const url = incidentUrl?.(incident.id);
  const opened = DateTime.fromISO(incident.createdAt);
  const parts = [
    url ? `[${title}](${url})` : `${title} (#${incident.id.slice(0, 8)})`,
    opened
      .setZone(timeZone)
      .toFormat(
        opened.setZone(timeZone).hasSame(now.setZone(timeZone), 'year')
          ? 'MM-dd'
          : 'yyyy-MM-dd',
      ),
  ];
  if (incident.closedAt) {
    parts.push(
      `closed${
        incident.closedBy ? ` by ${refs(incident.closedBy)}` : ''
      } after ${duration(opened, DateTime.fromISO(incident.closedAt))}`,
    );
  }
  parts.push(`${Math.round(score * 100)}% alike`);
  return parts.join(' · ');
}

/** What to do now, from the status, the alerts and the catalog's gaps. */
export function nextStepList({
  context,
  now,
  timeZone,
}: AnalysisFacts): string[] {
  const { incident, timeline, entity } = context;
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

  if (entity) {
    if (entity.owners.length === 0) {
      steps.push(`Set an owner of ${refs(entity.entityRef)} in the catalog`);
    }
    const hasRunbook = entity.links.some(
      link => RUNBOOK_LINK.test(link.title) || RUNBOOK_LINK.test(link.url),
    );
    if (!hasRunbook) {
      steps.push(
        `Add a runbook link to ${refs(entity.entityRef)} (metadata.links)`,
      );
    }
  } else if (!incident.entityRef && incident.responders.length === 0) {
    steps.push('Name responders: the incident has no entity and no responders');
  }
  const similar = context.similarIncidents[0];
  if (similar && incident.status !== 'closed') {
    steps.push(
      `Read how "${oneLine(
        similar.incident.title,
        60,
      )}" was handled (similar past incident)`,
    );
  }
  return steps;
}

function nextSteps(facts: AnalysisFacts): string {
  const steps = nextStepList(facts);
  if (steps.length === 0) return '';
  return [
    '**Next steps**',
    ...steps.map((step, index) => `${index + 1}. ${step}`),
  ].join('\n');
}

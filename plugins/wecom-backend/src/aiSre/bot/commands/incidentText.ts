import { WeComIncident } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import {
  escapeLine,
  inlineCode,
  markdownLink,
} from '../../../text/wecomMarkdown';
import { incidentUrl } from '../../../warRooms/warRoomPosts';
import { STATUS_LABELS } from '../../../text/incidentLabels';

/**
 * `#3f1c9a52`: how people name an incident in the chat (the War Room's
 * name shows the same 8 hex digits); other ids are shown whole. Raw: put
 * it in markdown through {@link refCode} or {@link incidentName}.
 */
export function shortRef(id: string): string {
  return /^[0-9a-f]{8}-/i.test(id) ? `#${id.slice(0, 8)}` : `#${id}`;
}

/** The short ref as inline code, the way commands take it. */
export function refCode(id: string): string {
  return inlineCode(shortRef(id));
}

/**
 * `#3f1c9a52 Payments API down`: an incident named in an answer. Its title
 * (from an alert or the API) and a provider's own id are shown as text.
 */
export function incidentName(incident: WeComIncident): string {
  return `#${escapeLine(shortRef(incident.id).slice(1))} ${escapeLine(
    incident.title,
  )}`;
}

/** `- \`#3f1c9a52\` Payments API down (triggered)`, to pick from. */
export function incidentChoice(
  incident: WeComIncident,
  ref: (id: string) => string = shortRef,
): string {
  return `- ${inlineCode(ref(incident.id))} ${escapeLine(
    incident.title,
  )} (${escapeLine(incident.status)})`;
}

/** `opened 5 minutes ago`, relative to `now` so answers are reproducible. */
export function ageOf(incident: WeComIncident, now: DateTime): string {
  const created = DateTime.fromISO(incident.createdAt, { zone: 'utc' });
  if (!created.isValid) return 'opened at an unknown time';
  return `opened ${created.toRelative({ base: now }) ?? 'just now'}`;
}

/**
 * One markdown list item: severity, linked title, status, age and the
 * short ref to use in commands; the title shows as text, never as markup.
 */
export function incidentLine(
  incident: WeComIncident,
  options: { appBaseUrl: string; now: DateTime },
): string {
  const link = markdownLink(
    incident.title,
    incidentUrl(options.appBaseUrl, incident.id),
  );
  return `- **${escapeLine(incident.severity.toUpperCase())}** ${link} · ${
    STATUS_LABELS[incident.status]
  } · ${ageOf(incident, options.now)} · ${refCode(incident.id)}`;
}

import { WeComIncident } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { CARD_STATUS_LABELS } from '../../../notifications/contracts';
import { incidentUrl } from '../../../warRooms/warRoomPosts';

/**
 * `#3f1c9a52`: how people name an incident in the chat (the War Room's
 * name shows the same 8 hex digits); other ids are shown whole.
 */
export function shortRef(id: string): string {
  return /^[0-9a-f]{8}-/i.test(id) ? `#${id.slice(0, 8)}` : `#${id}`;
}

/** `opened 5 minutes ago`, relative to `now` so answers are reproducible. */
export function ageOf(incident: WeComIncident, now: DateTime): string {
  const created = DateTime.fromISO(incident.createdAt, { zone: 'utc' });
  if (!created.isValid) return 'opened at an unknown time';
  return `opened ${created.toRelative({ base: now }) ?? 'just now'}`;
}

/**
 * One markdown list item: severity, linked title, status, age and the
 * short ref to use in commands.
 */
export function incidentLine(
  incident: WeComIncident,
  options: { appBaseUrl: string; now: DateTime },
): string {
  const title = escapeLinkText(incident.title);
  const url = incidentUrl(options.appBaseUrl, incident.id);
  return `- **${incident.severity.toUpperCase()}** [${title}](${url}) · ${
    CARD_STATUS_LABELS[incident.status]
  } · ${ageOf(incident, options.now)} · \`${shortRef(incident.id)}\``;
}

/** Brackets in a title would end the markdown link early. */
function escapeLinkText(text: string): string {
  return text.replace(/[[\]]/g, char => `\\${char}`);
}

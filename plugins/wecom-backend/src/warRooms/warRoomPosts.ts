import { WeComIncident } from 'backstage-plugin-wecom-common';
import { fitText } from '../text/fitText';
import { escapeLine, escapeMarkdown } from '../text/wecomMarkdown';
import { STATUS_LABELS } from '../text/incidentLabels';

/** `appchat/send` markdown: at most 2,048 bytes of content. */
export const MARKDOWN_MAX_BYTES = 2048;
// Responders listed by name before "and N more".
const LISTED = 10;

const SEVERITY_COLORS: Record<WeComIncident['severity'], string> = {
  critical: 'warning',
  high: 'warning',
  warning: 'comment',
  info: 'info',
};

/** Where the incident page of the Backstage app is. */
export function incidentUrl(appBaseUrl: string, incidentId: string): string {
  return `${appBaseUrl}/wecom/incidents/${encodeURIComponent(incidentId)}`;
}

/**
 * The first post: what happened, who responds, where to read more. Every
 * piece of outside text (title, description, refs) is escaped: an alert
 * must not post a link, heading or mention of its own into the War Room.
 */
export function summaryPost(options: {
  incident: WeComIncident;
  responders: string[];
  unlinked: string[];
  url: string;
}): string {
  const { incident } = options;
  const lines = [
    `## War Room: ${escapeLine(incident.title)}`,
    `> Severity: <font color="${
      SEVERITY_COLORS[incident.severity]
    }">${incident.severity.toUpperCase()}</font>`,
    `> Status: ${STATUS_LABELS[incident.status]}`,
  ];
  if (incident.entityRef) {
    lines.push(`> Entity: ${escapeLine(incident.entityRef)}`);
  }
  lines.push(`> Responders: ${listed(options.responders) || 'none linked'}`);
  if (options.unlinked.length > 0) {
    lines.push(`> Not linked to WeCom: ${listed(options.unlinked)}`);
  }
  const link = `[Open the incident in Backstage](${options.url})`;
  const description = incident.description?.trim();
  return fitMarkdown(
    lines.join('\n'),
    description && escapeMarkdown(description),
    link,
  );
}

/** Posted when the War Room is dismissed; the group itself stays. */
export function closingPost(options: {
  incident: WeComIncident;
  dismissedBy: string;
  url: string;
}): string {
  return [
    `## War Room dismissed`,
    `This War Room was dismissed by ${escapeLine(
      options.dismissedBy,
    )}. The group stays in WeCom (it cannot be deleted), but it no longer follows the incident.`,
    `> Incident status: ${STATUS_LABELS[options.incident.status]}`,
    `[Open the incident in Backstage](${options.url})`,
  ].join('\n');
}

/** Posted when a dismissed War Room is reopened. */
export function reopenedPost(options: {
  incident: WeComIncident;
  reopenedBy: string;
  url: string;
}): string {
  return [
    `## War Room reopened`,
    `${escapeLine(
      options.reopenedBy,
    )} reopened this War Room; it follows the incident's responders again.`,
    `> Incident status: ${STATUS_LABELS[options.incident.status]}`,
    `[Open the incident in Backstage](${options.url})`,
  ].join('\n');
}

/**
 * Keeps a markdown post within WeCom's limit, cutting only the (escaped)
 * description: escaping replaces one character by one, so a cut never
 * splits an escape, and the bytes are counted after escaping.
 */
function fitMarkdown(
  head: string,
  description: string | undefined,
  tail: string,
) {
  const fixed = `${head}\n\n\n${tail}`;
  const room = MARKDOWN_MAX_BYTES - Buffer.byteLength(fixed, 'utf8');
  const text =
    description && room > 0 ? fitText(description, { bytes: room }).text : '';
  const whole = text ? `${head}\n\n${text}\n${tail}` : `${head}\n${tail}`;
  return fitText(whole, { bytes: MARKDOWN_MAX_BYTES }).text;
}

function listed(refs: string[]): string {
  const shown = refs
    .slice(0, LISTED)
    .map(ref => escapeLine(ref))
    .join(', ');
  return refs.length > LISTED
    ? `${shown} and ${refs.length - LISTED} more`
    : shown;
}

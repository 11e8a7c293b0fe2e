import {
  WECOM_INCIDENT_ACTION_FROM,
  WECOM_INCIDENT_ACTIONS,
  WECOM_INCIDENT_SEVERITY_LABELS,
  WECOM_INCIDENT_STATUS_LABELS,
  type WeComDeliveryStatus,
  type WeComIncidentAction,
  type WeComIncidentSeverity,
  type WeComIncidentStatus,
} from 'backstage-plugin-wecom-common';

export function severityLabel(severity: WeComIncidentSeverity): string {
  return WECOM_INCIDENT_SEVERITY_LABELS[severity] ?? severity;
}

export function statusLabel(status: WeComIncidentStatus): string {
  return WECOM_INCIDENT_STATUS_LABELS[status] ?? status;
}

/** The BUI status colour family of each severity and status badge. */
export type Tone = 'danger' | 'warning' | 'info' | 'success' | 'neutral';

export const severityTone: Record<WeComIncidentSeverity, Tone> = {
  critical: 'danger',
  high: 'warning',
  warning: 'info',
  info: 'neutral',
};

export const statusTone: Record<WeComIncidentStatus, Tone> = {
  triggered: 'danger',
  processing: 'warning',
  snoozed: 'info',
  closed: 'success',
};

/**
 * The actions that apply in a status, as the Incidents page offers them (in
 * the order of WECOM_INCIDENT_ACTIONS). The backend has the last word (a 409
 * with its reason); this only keeps buttons that cannot work off the page.
 */
export function actionsFor(status: WeComIncidentStatus): WeComIncidentAction[] {
  return WECOM_INCIDENT_ACTIONS.filter(action =>
    WECOM_INCIDENT_ACTION_FROM[action].includes(status),
  );
}

/** The snooze of the Snooze button, as on the WeCom card: two hours. */
export const SNOOZE_BUTTON_MINUTES = 120;

/** The other snoozes, as in the card's ⋯ menu. */
export const SNOOZE_MENU: ReadonlyArray<{ minutes: number; label: string }> = [
  { minutes: 30, label: '30 minutes' },
  { minutes: 240, label: '4 hours' },
  { minutes: 1440, label: '1 day' },
];

const timelineKindLabels: Record<string, string> = {
  created: 'Opened',
  transition: 'Status changed',
  alert: 'Alert',
  notification: 'Notified',
  card: 'Card',
  escalation: 'Escalated',
  comment: 'Comment',
  'war-room': 'War Room',
  postmortem: 'Post-mortem',
  responders: 'Responders changed',
};

/**
 * A timeline entry's kind in words. Kinds added later by other parts (or a
 * custom provider) show as their own name, capitalised.
 */
export function timelineKindLabel(kind: string): string {
  const known = timelineKindLabels[kind];
  if (known) return known;
  const spaced = kind
    .replace(/[-_]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

/** Who did something: an entity ref or a source; absent means the system. */
export function actorLabel(actor: string | undefined): string {
  return actor || 'System';
}

const deliveryStatusLabels: Record<WeComDeliveryStatus, string> = {
  pending: 'Pending',
  sent: 'Sent',
  failed: 'Failed',
  invalidUser: 'Invalid user',
  unlicensed: 'No licence',
  unlinked: 'Not linked',
  optedOut: 'Opted out',
};

export function deliveryStatusLabel(status: WeComDeliveryStatus): string {
  return deliveryStatusLabels[status] ?? status;
}

/** What each delivery status means for the recipient, in one line. */
export const deliveryStatusHint: Record<WeComDeliveryStatus, string> = {
  pending: 'Queued; the outbox sends it shortly.',
  sent: 'WeCom accepted the card.',
  failed: 'WeCom refused the card after retries.',
  invalidUser:
    "WeCom does not know this userid or it is outside the app's visible range.",
  unlicensed:
    'The corp has no WeCom interface licence (接口许可) for this member: buy basic accounts (基础账号) from the app provider and activate one for them.',
  unlinked: 'No WeCom member is linked to this user, so nothing was sent.',
  optedOut: 'This user turned personal WeCom cards off.',
};

/** Escalation level 0 is the first notification. */
export function levelLabel(level: number): string {
  return level === 0 ? 'First notification' : `Escalation ${level}`;
}

/** Why a card is marked stale, for the marker's tooltip. */
export const STALE_CARD_EXPLANATION =
  "This card still shows an older status: WeCom's response codes for it ran " +
  'out (each works once, for 72 hours). The Refresh button on the card ' +
  'brings it current.';

export { formatTime } from '../shared/timeLabels';

/** How long ago something began, coarsely: "just now", "5 min", "3 h", "2 d". */
export function formatAge(since: string, now: number = Date.now()): string {
  const start = new Date(since).getTime();
  if (Number.isNaN(start)) return '';
  const minutes = Math.floor(Math.max(0, now - start) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

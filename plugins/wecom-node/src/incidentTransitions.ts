import {
  WECOM_INCIDENT_ACTION_FROM,
  type WeComIncident,
  type WeComIncidentAction,
  type WeComIncidentStatus,
  type WeComIncidentTransition,
} from 'backstage-plugin-wecom-common';
import { WeComInvalidTransitionError } from './incidents';

// The status rules every provider of the suite follows: the backend's
// database provider and the in-memory test double both plan their changes
// here, so they cannot drift apart. Plain Dates: this package has no luxon.

/**
 * The longest snooze: one week.
 *
 * @public
 */
export const WECOM_MAX_SNOOZE_MINUTES = 7 * 24 * 60;

/**
 * The fields a status change sets; an absent field is cleared.
 *
 * @public
 */
export interface WeComIncidentLifecycle {
  status: WeComIncidentStatus;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  snoozedUntil?: string;
  closedBy?: string;
  closedAt?: string;
}

/**
 * A planned status change, with what the timeline says about it.
 *
 * @public
 */
export interface WeComPlannedIncidentChange {
  next: WeComIncidentLifecycle;
  message: string;
  data: Record<string, unknown>;
}

/** Where each action may start from. */
const ALLOWED_FROM = WECOM_INCIDENT_ACTION_FROM;

/**
 * An error whose name Backstage's error middleware maps to a status code
 * (`InputError` → 400, `NotFoundError` → 404), without depending on
 * `@backstage/errors`.
 *
 * @internal
 */
export function namedError(
  name: 'InputError' | 'NotFoundError',
  message: string,
): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * Plans `transition` on `incident`, or throws
 * {@link WeComInvalidTransitionError} with a reason a person understands.
 *
 * @public
 */
export function planIncidentTransition(
  incident: WeComIncident,
  transition: WeComIncidentTransition,
  actor: string | undefined,
  now: Date,
): WeComPlannedIncidentChange {
  const { action } = transition;
  if (!ALLOWED_FROM[action]?.includes(incident.status)) {
    if (!ALLOWED_FROM[action]) {
      throw namedError('InputError', `Unknown incident action "${action}"`);
    }
    throw new WeComInvalidTransitionError(
      incident,
      action,
      refusalReason(incident, action),
    );
  }
  const at = now.toISOString();
  const data = { action, from: incident.status };
  // Entering `triggered` means nobody has acknowledged it (yet again).
  const kept = {
    acknowledgedBy: incident.acknowledgedBy,
    acknowledgedAt: incident.acknowledgedAt,
  };

  switch (action) {
    case 'startProcessing':
      return {
        next: {
          status: 'processing',
          acknowledgedBy: actor,
          acknowledgedAt: at,
        },
        message: 'Started processing',
        data: { ...data, to: 'processing' },
      };
    case 'snooze': {
      const minutes = snoozeMinutesOf(transition);
      const until = new Date(now.getTime() + minutes * 60_000).toISOString();
      return {
        next: { status: 'snoozed', ...kept, snoozedUntil: until },
        message: `Snoozed for ${formatMinutes(minutes)}, until ${formatTime(
          until,
        )}`,
        data: { ...data, to: 'snoozed', snoozeMinutes: minutes, until },
      };
    }
    case 'close':
      return {
        next: { status: 'closed', ...kept, closedBy: actor, closedAt: at },
        message: 'Closed',
        data: { ...data, to: 'closed' },
      };
    default: // reopen
      return {
        next: { status: 'triggered' },
        message: 'Reopened',
        data: { ...data, to: 'triggered' },
      };
  }
}

/**
 * Plans the end of a snooze (`snoozed` → `triggered`), or answers undefined
 * when the incident is not (or no longer) due.
 *
 * @public
 */
export function planIncidentWakeUp(
  incident: WeComIncident,
  now: Date,
): WeComPlannedIncidentChange | undefined {
  if (incident.status !== 'snoozed' || !incident.snoozedUntil) return undefined;
  if (new Date(incident.snoozedUntil).getTime() > now.getTime()) {
    return undefined;
  }
  return {
    next: { status: 'triggered' },
    message: 'Snooze ended; waiting for someone to start processing again',
    data: { action: 'wakeUp', from: 'snoozed', to: 'triggered' },
  };
}

function snoozeMinutesOf(transition: WeComIncidentTransition): number {
  const minutes = transition.snoozeMinutes;
  if (
    typeof minutes !== 'number' ||
    !Number.isInteger(minutes) ||
    minutes < 1 ||
    minutes > WECOM_MAX_SNOOZE_MINUTES
  ) {
    throw namedError(
      'InputError',
      `snoozeMinutes must be a whole number from 1 to ${WECOM_MAX_SNOOZE_MINUTES}`,
    );
  }
  return minutes;
}

function refusalReason(
  incident: WeComIncident,
  action: WeComIncidentAction,
): string {
  switch (incident.status) {
    case 'closed':
      return action === 'close'
        ? `The incident is already closed${by(incident.closedBy)}`
        : `The incident is already closed${by(
            incident.closedBy,
          )}; reopen it first`;
    case 'processing':
      return action === 'startProcessing'
        ? `The incident is already being processed${by(
            incident.acknowledgedBy,
          )}`
        : 'Only a closed incident can be reopened; this one is being processed';
    case 'snoozed':
      return action === 'snooze'
        ? `The incident is already snoozed until ${formatTime(
            incident.snoozedUntil,
          )}`
        : 'Only a closed incident can be reopened; this one is snoozed';
    default:
      return 'Only a closed incident can be reopened; this one is still open';
  }
}

function by(actor: string | undefined): string {
  return actor ? ` by ${actor}` : '';
}

/** `2026-11-26 14:00 UTC`: the same for everyone who reads the timeline. */
function formatTime(iso: string | undefined): string {
  if (!iso) return 'later';
  const utc = new Date(iso).toISOString();
  return `${utc.slice(0, 10)} ${utc.slice(11, 16)} UTC`;
}

/** `30 minutes`, `2 hours`, `1 day 4 hours`. */
function formatMinutes(total: number): string {
  const parts: string[] = [];
  const units: Array<[string, number]> = [
    ['day', 1440],
    ['hour', 60],
    ['minute', 1],
  ];
  let rest = total;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return parts.join(' ') || '0 minutes';
}

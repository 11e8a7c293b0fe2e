import { WeComCardPreview, WeComIncident } from 'backstage-plugin-wecom-common';
import { RecipientSet } from '../recipients/types';

// The seams between the incident-card parts, fixed so that each can be built
// and tested on its own: recipients (recipients/) → delivery (outbox) →
// cards; clicks and status changes → card updates; escalation (escalation/)
// re-sends through the same delivery.

/** A template_card object as `message/send` and `update_template_card` take it. */
export type TemplateCard = Record<string, unknown>;

/** The keys of a card's buttons and menu entries. */
export type CardAction =
  | { kind: 'startProcessing' }
  | { kind: 'close' }
  | { kind: 'snooze'; minutes: number }
  | { kind: 'refresh' };

/** Builds the cards of incidents (templates, truncation, buttons). */
export interface CardRenderer {
  /** The first card of an incident. Never throws for a bad template: falls back to the default. */
  renderIncidentCard(input: {
    incident: WeComIncident;
    integrationId: string;
    taskId: string;
  }): Promise<Omit<WeComCardPreview, 'card'> & { card: TemplateCard }>;
  /**
   * The card brought up to date after a status change: the same content
   * with the new status and who changed it, and the buttons that still apply.
   */
  renderUpdatedCard(input: {
    incident: WeComIncident;
    integrationId: string;
    taskId: string;
    /** Display name of whoever changed the status, if known. */
    changedBy?: string;
  }): Promise<TemplateCard>;
}

/** Sends and updates incident cards through the durable outbox. */
export interface CardDelivery {
  /**
   * Queues one card per 1,000 recipients (one `message/send` each) and
   * records a delivery row per recipient, including unlinked and opted-out
   * ones. Returns at once; the outbox sends.
   */
  notify(input: {
    incident: WeComIncident;
    integrationId: string;
    recipients: RecipientSet;
    /** 0 = first notification, 1.. = escalation levels / re-notifications. */
    level: number;
  }): Promise<void>;
  /**
   * Brings every card of the incident up to date after a status change made
   * anywhere: spends an unused, unexpired response code per card, or marks
   * the card stale when none is left.
   */
  statusChanged(incident: WeComIncident, changedBy?: string): Promise<void>;
  /** The users (entity refs) who already have a delivery row of the incident. */
  notifiedUsers(incidentId: string): Promise<Set<string>>;
}

/**
 * Card keys carry the incident and the action: `inc:<incidentId>:<action>`,
 * action `start`, `close`, `refresh` or `snooze:<minutes>`. WeCom echoes the
 * key as the click's EventKey.
 */
export function cardActionKey(incidentId: string, action: CardAction): string {
  switch (action.kind) {
    case 'startProcessing':
      return `inc:${incidentId}:start`;
    case 'close':
      return `inc:${incidentId}:close`;
    case 'refresh':
      return `inc:${incidentId}:refresh`;
    case 'snooze':
      return `inc:${incidentId}:snooze:${action.minutes}`;
    default:
      throw new Error('unknown card action');
  }
}

/** Reads a card key back; undefined for keys that are not ours. */
export function parseCardActionKey(
  key: string,
): { incidentId: string; action: CardAction } | undefined {
  const match =
    /^inc:([A-Za-z0-9_-]{1,64}):(start|close|refresh|snooze:(\d{1,5}))$/.exec(
      key,
    );
  if (!match) return undefined;
  const [, incidentId, verb, minutes] = match;
  if (verb === 'start')
    return { incidentId, action: { kind: 'startProcessing' } };
  if (verb === 'close') return { incidentId, action: { kind: 'close' } };
  if (verb === 'refresh') return { incidentId, action: { kind: 'refresh' } };
  return { incidentId, action: { kind: 'snooze', minutes: Number(minutes) } };
}

/** The snooze of the card's own button, and the longer ones in its ⋯ menu. */
export const CARD_SNOOZE_MINUTES = { button: 120, menu: [30, 240, 1440] };

/**
 * What starting a run tells the first notification. When the incident has
 * no responders of its own and its entity has a stored escalation policy,
 * level 0 is the policy's first level (schedules resolved to whoever is on
 * call now); otherwise both are absent and the responders are notified.
 */
export interface EscalationStart {
  /** User and group refs to notify instead of the incident's responders. */
  firstTargets?: string[];
  /** How the timeline names them (`level 1 of policy "Payments" (v3): …`). */
  firstBasis?: string;
}

/**
 * Escalation as the orchestrator drives it; `escalation/Escalation` is the
 * one implementation. An interface, so incident cards need not import the
 * escalation area, which builds on them.
 */
export interface EscalationRuns {
  /**
   * Starts (or restarts) the incident's run from level 0, about to be
   * notified. Called before the first notification, whose people it may
   * choose: see {@link EscalationStart}.
   */
  start(
    incident: WeComIncident,
    integrationId: string,
  ): Promise<EscalationStart | void>;
  /** Stops the incident's run: it was acknowledged, snoozed or closed. */
  stop(incidentId: string): Promise<void>;
}

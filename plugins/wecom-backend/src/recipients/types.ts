import { WeComIncident } from 'backstage-plugin-wecom-common';

// Who an incident's cards go to: incident cards, escalation and the bot's
// on-call answer read these.

/** One person a card goes to. */
export interface Recipient {
  entityRef: string;
  wecomUserId: string;
}

/** Who gets an incident's card, per integration. */
export interface RecipientSet {
  recipients: Recipient[];
  /** Responders with no linked WeCom member: reported, never dropped silently. */
  unlinked: string[];
  /** Responders who turned the WeCom personal channel off. */
  optedOut: string[];
}

/** Resolves responders (explicit, else the owning group's members) to WeCom members. */
export interface RecipientResolver {
  /** `targets` overrides the incident's responders (escalation levels name their own). */
  resolve(
    incident: WeComIncident,
    integrationId: string,
    targets?: string[],
  ): Promise<RecipientSet>;
}

/**
 * Who is on call for an entity now (built in `oncall/`): the responders of
 * an incident that names none, for cards, escalation's first page and War
 * Rooms alike.
 */
export interface OnCallResponders {
  onCallFor(entityRef: string): Promise<{
    /** User refs, lower-case, each once. */
    users: string[];
    /** Why them, in plain words, for the timeline. */
    basis: string;
    notes: string[];
  }>;
}

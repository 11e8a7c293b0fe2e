/**
 * Every incident severity, worst first: the order of filters and forms, and
 * what the backend accepts.
 *
 * @public
 */
export const WECOM_INCIDENT_SEVERITIES = [
  'critical',
  'high',
  'warning',
  'info',
] as const;

/**
 * How bad an incident is; drives the card's colour words and escalation.
 *
 * @public
 */
export type WeComIncidentSeverity = (typeof WECOM_INCIDENT_SEVERITIES)[number];

/**
 * Every incident status, in the order an incident usually goes through
 * them.
 *
 * @public
 */
export const WECOM_INCIDENT_STATUSES = [
  'triggered',
  'processing',
  'snoozed',
  'closed',
] as const;

/**
 * The English word for each status, as the pages show it; the backend adds
 * the Chinese word on cards and in WeCom.
 *
 * @public
 */
export const WECOM_INCIDENT_STATUS_LABELS: Readonly<
  Record<(typeof WECOM_INCIDENT_STATUSES)[number], string>
> = {
  triggered: 'Triggered',
  processing: 'Processing',
  snoozed: 'Snoozed',
  closed: 'Closed',
};

/**
 * The English word for each severity, as the pages show it.
 *
 * @public
 */
export const WECOM_INCIDENT_SEVERITY_LABELS: Readonly<
  Record<(typeof WECOM_INCIDENT_SEVERITIES)[number], string>
> = {
  critical: 'Critical',
  high: 'High',
  warning: 'Warning',
  info: 'Info',
};

/**
 * Where an incident is in its life.
 *
 * - `triggered`: open, nobody has acknowledged it yet (escalation runs).
 * - `processing`: someone started processing it (acknowledged).
 * - `snoozed`: quiet until `snoozedUntil`, then `triggered` again.
 * - `closed`: done; `reopen` brings it back to `triggered`.
 *
 * @public
 */
export type WeComIncidentStatus = (typeof WECOM_INCIDENT_STATUSES)[number];

/**
 * Every status change a person (or an alert source) can ask for.
 *
 * @public
 */
export const WECOM_INCIDENT_ACTIONS = [
  'startProcessing',
  'close',
  'snooze',
  'reopen',
] as const;

/**
 * The status changes a person (or an alert source) can ask for.
 *
 * @public
 */
export type WeComIncidentAction = (typeof WECOM_INCIDENT_ACTIONS)[number];

/**
 * The statuses each action may start from; the backend refuses (409) an
 * action from any other status, and the UI offers only these.
 *
 * @public
 */
export const WECOM_INCIDENT_ACTION_FROM: Readonly<
  Record<WeComIncidentAction, readonly WeComIncidentStatus[]>
> = {
  startProcessing: ['triggered', 'snoozed'],
  snooze: ['triggered', 'processing'],
  close: ['triggered', 'processing', 'snoozed'],
  reopen: ['closed'],
};

/**
 * An incident as every part of the suite sees it, whatever provider stores
 * it.
 *
 * @public
 */
export interface WeComIncident {
  id: string;
  title: string;
  severity: WeComIncidentSeverity;
  status: WeComIncidentStatus;
  description?: string;
  /** The catalog entity the incident is about, e.g. `component:default/payments-api`. */
  entityRef?: string;
  /** Explicit responders: user or group entity refs. Empty: the entity's owner. */
  responders: string[];
  /** Where it came from: `api`, `alertmanager`, or a provider's own name. */
  source: string;
  /** The alert group it stands for (Alertmanager's groupKey or a fingerprint). */
  fingerprint?: string;
  labels?: Record<string, string>;
  /** Key fields shown on the card (at most a few), e.g. `{ region: 'sh-1' }`. */
  fields?: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  /** Who acknowledged it (entity ref) and when. */
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  snoozedUntil?: string;
  closedAt?: string;
  closedBy?: string;
}

/**
 * One thing that happened to an incident, with who and when.
 *
 * @public
 */
export interface WeComTimelineEntry {
  id: string;
  incidentId: string;
  at: string;
  /** An entity ref, or a source such as `alertmanager`, or absent for the system. */
  actor?: string;
  /**
   * `created`, `transition`, `alert` (a grouped alert fired or resolved),
   * `notification` (cards sent, unlinked responders), `card` (a card was
   * updated or marked stale), `escalation`, `comment`, and later areas' own kinds.
   */
  kind: string;
  message: string;
  data?: Record<string, unknown>;
}

/**
 * The body of `POST /incidents`.
 *
 * @public
 */
export interface WeComIncidentInput {
  title: string;
  severity: WeComIncidentSeverity;
  description?: string;
  entityRef?: string;
  responders?: string[];
  fields?: Record<string, string>;
}

/**
 * The body of `PATCH /incidents/:id`: what may change besides the status.
 *
 * @public
 */
export interface WeComIncidentPatch {
  /** User or group entity refs; replaces the list. Empty: the entity's owner. */
  responders?: string[];
}

/**
 * The body of `POST /incidents/:id/transitions`.
 *
 * @public
 */
export interface WeComIncidentTransition {
  action: WeComIncidentAction;
  /** `snooze` only: how long, in minutes (1..10080). */
  snoozeMinutes?: number;
}

/**
 * The query of `GET /incidents`.
 *
 * @public
 */
export interface WeComIncidentQuery {
  status?: WeComIncidentStatus[];
  severity?: WeComIncidentSeverity[];
  entityRef?: string;
  /**
   * Only incidents this user responds to: named among the responders, or
   * sent a card (as an owner, a group member or the person on call). Over
   * HTTP, `me` names the signed-in user; an incident provider always gets a
   * user entity ref.
   */
  responder?: string;
  /** Matches the title, case-insensitively. */
  q?: string;
  offset?: number;
  /** 1..200, default 50. */
  limit?: number;
}

/**
 * A page of `GET /incidents`, newest first.
 *
 * @public
 */
export interface WeComIncidentPage {
  items: WeComIncident[];
  totalCount: number;
  offset: number;
  limit: number;
}

/**
 * How one recipient's card of an incident fared.
 *
 * - `pending`: queued in the outbox.
 * - `sent`: WeCom accepted it.
 * - `failed`: WeCom refused it after retries (see `error`).
 * - `invalidUser`: WeCom answered that the userid is unknown or not visible.
 * - `unlicensed`: a third-party app's card; the corp has no interface
 *   licence account for the member (see `error` for what to buy or assign).
 * - `unlinked`: a responder without a linked WeCom member; nothing was sent.
 * - `optedOut`: the user turned the WeCom personal channel off.
 *
 * @public
 */
export type WeComDeliveryStatus =
  | 'pending'
  | 'sent'
  | 'failed'
  | 'invalidUser'
  /**
   * A third-party app's card did not reach the member: the corp has no
   * active interface licence (接口许可) account for them (`unlicenseduser`).
   */
  | 'unlicensed'
  | 'unlinked'
  | 'optedOut';

/**
 * One recipient of one incident card.
 *
 * @public
 */
export interface WeComCardDelivery {
  incidentId: string;
  integrationId: string;
  /** The card's WeCom task_id; absent for unlinked and opted-out rows. */
  taskId?: string;
  entityRef: string;
  wecomUserId?: string;
  status: WeComDeliveryStatus;
  /** Escalation level that reached this person (0 = first notification). */
  level: number;
  /** The card no longer shows the incident's status (no response code left). */
  stale?: boolean;
  /** The status the card shows now. */
  cardStatus?: WeComIncidentStatus;
  error?: string;
  updatedAt: string;
  /**
   * The member got this incident in a digest message (an alert storm: they
   * got many cards in the last minute), not in a card of its own.
   */
  digest?: WeComCardDigest;
}

/**
 * A digest message: the incidents a member got in one message during an
 * alert storm, counted by service and cause, to keep the member within
 * WeCom's per-member message limits.
 *
 * @public
 */
export interface WeComCardDigest {
  /** The digest's own task id (the delivery's `taskId`). */
  taskId: string;
  /** Incidents the digest holds. */
  incidents: number;
  /** The service and cause this incident was counted under, e.g. `payments-api (HighLatency)`. */
  groupLabel: string;
  /** Incidents of that group in the digest. */
  groupIncidents: number;
  /** When WeCom took it; absent while it collects or waits. */
  sentAt?: string;
}

/**
 * A card template of an integration, optionally for one service (entity).
 *
 * @public
 */
export interface WeComCardTemplate {
  integrationId: string;
  /** Absent: the integration's default template. */
  entityRef?: string;
  /** Handlebars; variables are the incident's fields (see docs). */
  title: string;
  /** Handlebars; at most 8 lines are shown, longer ones end with an ellipsis. */
  body: string;
  updatedAt?: string;
  updatedBy?: string;
}

/**
 * The answer of `POST /templates/preview`: the card as WeCom would get it.
 *
 * @public
 */
export interface WeComCardPreview {
  /** The `template_card` object sent to WeCom. */
  card: Record<string, unknown>;
  /** `default` when the template failed to render and the default was used. */
  templateUsed: 'custom' | 'default';
  /** Truncations and render errors, in plain words. */
  warnings: string[];
}

/**
 * A user's own notification settings.
 *
 * @public
 */
export interface WeComUserPreferences {
  /** False: no personal WeCom cards (War Rooms still include the user). */
  personalChannelEnabled: boolean;
}

/**
 * The body of `POST /templates/preview`: the card of an incident rendered
 * with the stored template of the integration (and service), or with an
 * unsaved `title` and `body` when given.
 *
 * @public
 */
export interface WeComCardPreviewRequest {
  integrationId: string;
  /** The service whose template applies; absent: the integration default. */
  entityRef?: string;
  incidentId: string;
  /** Unsaved template title to render instead of the stored one. */
  title?: string;
  /** Unsaved template body to render instead of the stored one. */
  body?: string;
}

import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  WeComIncident,
  WeComIncidentInput,
  WeComIncidentPage,
  WeComIncidentPatch,
  WeComIncidentQuery,
  WeComIncidentTransition,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';

/**
 * A change of an incident, as providers report it to subscribers.
 *
 * @public
 */
export interface WeComIncidentChange {
  type: 'created' | 'transitioned' | 'updated';
  incident: WeComIncident;
  /** For `transitioned`: the status before. */
  previousStatus?: WeComIncident['status'];
  /** For `updated` that changed the responders: the list before. */
  previousResponders?: string[];
  /** Who made the change: an entity ref, a source name, or absent. */
  actor?: string;
}

/**
 * A transition refused because it makes no sense in the incident's status
 * (e.g. start processing a closed incident). Providers throw it so callers
 * can answer the person instead of failing.
 *
 * @public
 */
export class WeComInvalidTransitionError extends Error {
  readonly name = 'WeComInvalidTransitionError';
  constructor(
    readonly incident: WeComIncident,
    readonly action: WeComIncidentTransition['action'],
    message: string,
  ) {
    super(message);
  }
}

/**
 * Whether `error` is a {@link WeComInvalidTransitionError}. Use this, not
 * `instanceof`: a module's incident provider may bring its own copy of this
 * package, whose class `instanceof` does not recognise, so the guard also
 * accepts an error of that name. The one place that compares the name.
 *
 * @public
 */
export function isWeComInvalidTransitionError(
  error: unknown,
): error is WeComInvalidTransitionError {
  return (
    error instanceof WeComInvalidTransitionError ||
    (error instanceof Error && error.name === 'WeComInvalidTransitionError')
  );
}

/**
 * Where incidents live. The plugin ships a provider that stores them in its
 * own database; an installation can plug in its own incident platform.
 *
 * @public
 */
export interface WeComIncidentProvider {
  getIncident(id: string): Promise<WeComIncident | undefined>;
  listIncidents(query: WeComIncidentQuery): Promise<WeComIncidentPage>;
  /** Oldest first. */
  listTimeline(incidentId: string): Promise<WeComTimelineEntry[]>;
  createIncident(
    input: WeComIncidentInput & {
      source?: string;
      fingerprint?: string;
      /** The alert's labels, e.g. Alertmanager's common labels. */
      labels?: Record<string, string>;
    },
    actor?: string,
  ): Promise<WeComIncident>;
  /**
   * Changes the status; records it on the timeline with the actor. Throws
   * {@link WeComInvalidTransitionError} for a transition that does not apply.
   */
  transition(
    incidentId: string,
    transition: WeComIncidentTransition,
    actor?: string,
  ): Promise<WeComIncident>;
  /**
   * Changes what may change besides the status (the responders); records it
   * on the timeline with the actor and reports an `updated` change. Answers
   * the incident unchanged, with no change reported, when nothing differs.
   */
  updateIncident(
    incidentId: string,
    patch: WeComIncidentPatch,
    actor?: string,
  ): Promise<WeComIncident>;
  /** Adds an entry to the timeline (notifications, card updates, …). */
  addTimelineEntry(
    incidentId: string,
    entry: Omit<WeComTimelineEntry, 'id' | 'incidentId' | 'at'> & {
      at?: string;
    },
  ): Promise<WeComTimelineEntry>;
  /**
   * Calls the listener after each change this process made or observed.
   * Answers a function that unsubscribes.
   */
  subscribe(
    listener: (change: WeComIncidentChange) => Promise<void> | void,
  ): () => void;
}

/**
 * Lets a backend module replace the default incident provider.
 *
 * @public
 */
export interface WeComIncidentsExtensionPoint {
  /** May be called once; a second provider is an error. */
  setIncidentProvider(provider: WeComIncidentProvider): void;
}

/**
 * The incident provider extension point of the WeCom backend plugin.
 *
 * @public
 */
export const wecomIncidentsExtensionPoint =
  createExtensionPoint<WeComIncidentsExtensionPoint>({
    id: 'wecom.incidents',
  });

import type {
  WeComIncident,
  WeComIncidentPatch,
} from 'backstage-plugin-wecom-common';
import { namedError } from './incidentTransitions';

// Like the status rules, the rules of other changes live here so the
// database provider and the in-memory double cannot drift apart.

/**
 * A planned change of an incident's responders, with what the timeline
 * says about it.
 *
 * @public
 */
export interface WeComPlannedIncidentUpdate {
  /** The new list, normalised. */
  responders: string[];
  /** The list before, as it was stored. */
  previousResponders: string[];
  message: string;
  data: { responders: string[]; previousResponders: string[] };
}

/**
 * Responder refs trimmed, lower-cased and each kept once, in their order.
 * Entity refs are case-insensitive; this makes equal lists compare equal.
 *
 * @public
 */
export function normalizeIncidentResponders(responders: string[]): string[] {
  const seen = new Set<string>();
  for (const raw of responders) {
    const ref = raw.trim().toLocaleLowerCase('en-US');
    if (ref) seen.add(ref);
  }
  return [...seen];
}

/**
 * Plans `patch` on `incident`. Answers undefined when nothing would change:
 * no field given, or the same responders in any order, case or spacing.
 *
 * @public
 */
export function planIncidentUpdate(
  incident: WeComIncident,
  patch: WeComIncidentPatch,
): WeComPlannedIncidentUpdate | undefined {
  if (patch.responders === undefined) return undefined;
  if (
    !Array.isArray(patch.responders) ||
    patch.responders.some(ref => typeof ref !== 'string')
  ) {
    throw namedError('InputError', 'responders must be a list of entity refs');
  }
  const responders = normalizeIncidentResponders(patch.responders);
  const previousResponders = [...incident.responders];
  const before = normalizeIncidentResponders(previousResponders);
  if (
    responders.length === before.length &&
    responders.every(ref => before.includes(ref))
  ) {
    return undefined;
  }
  const describe = (refs: string[]) => {
    if (refs.length > 0) return refs.join(', ');
    // An empty list means the entity's owner is paged instead.
    return incident.entityRef ? `owner of ${incident.entityRef}` : 'nobody';
  };
  return {
    responders,
    previousResponders,
    message: `Responders changed to ${describe(responders)} (were: ${describe(
      previousResponders,
    )})`,
    data: { responders, previousResponders },
  };
}

import { NotFoundError } from '@backstage/errors';
import {
  WeComIncident,
  WeComIncidentPage,
  WeComIncidentPatch,
  WeComIncidentQuery,
  WeComIncidentTransition,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';
import {
  WeComIncidentChange,
  WeComIncidentProvider,
} from 'backstage-plugin-wecom-node';

type CreateInput = Parameters<WeComIncidentProvider['createIncident']>[0];
type EntryInput = Parameters<WeComIncidentProvider['addTimelineEntry']>[1];

/**
 * Incidents as the rest of the plugin uses them, whichever provider holds
 * them (a module's, through `wecomIncidentsExtensionPoint`, or the
 * database). Unknown incidents are a {@link NotFoundError}; refused
 * transitions stay `WeComInvalidTransitionError` (test with
 * `isWeComInvalidTransitionError`) so callers can
 * answer the person (the router makes them a 409, cards show the reason).
 */
export class IncidentService {
  constructor(readonly provider: WeComIncidentProvider) {}

  async get(id: string): Promise<WeComIncident> {
    const incident = await this.provider.getIncident(id);
    if (!incident) throw new NotFoundError(`No incident with id "${id}"`);
    return incident;
  }

  list(query: WeComIncidentQuery): Promise<WeComIncidentPage> {
    return this.provider.listIncidents(query);
  }

  async timeline(id: string): Promise<WeComTimelineEntry[]> {
    await this.get(id);
    return this.provider.listTimeline(id);
  }

  create(input: CreateInput, actor?: string): Promise<WeComIncident> {
    return this.provider.createIncident(input, actor);
  }

  async transition(
    id: string,
    transition: WeComIncidentTransition,
    actor?: string,
  ): Promise<WeComIncident> {
    await this.get(id);
    return this.provider.transition(id, transition, actor);
  }

  /** Changes the responders; the incident unchanged when nothing differs. */
  async update(
    id: string,
    patch: WeComIncidentPatch,
    actor?: string,
  ): Promise<WeComIncident> {
    await this.get(id);
    return this.provider.updateIncident(id, patch, actor);
  }

  async addTimelineEntry(
    id: string,
    entry: EntryInput,
  ): Promise<WeComTimelineEntry> {
    await this.get(id);
    return this.provider.addTimelineEntry(id, entry);
  }

  subscribe(
    listener: (change: WeComIncidentChange) => Promise<void> | void,
  ): () => void {
    return this.provider.subscribe(listener);
  }
}

import {
  WeComIncident,
  WeComIncidentAction,
  WeComIncidentStatus,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';
import {
  WeComIncidentChange,
  WeComIncidentProvider,
  WeComInvalidTransitionError,
} from 'backstage-plugin-wecom-node';
import { randomUUID } from 'node:crypto';

const NEXT: Record<WeComIncidentAction, WeComIncidentStatus> = {
  startProcessing: 'processing',
  snooze: 'snoozed',
  close: 'closed',
  reopen: 'triggered',
};

const ALLOWED_FROM: Record<WeComIncidentAction, WeComIncidentStatus[]> = {
  startProcessing: ['triggered', 'snoozed'],
  snooze: ['triggered', 'processing'],
  close: ['triggered', 'processing', 'snoozed'],
  reopen: ['closed'],
};

/** An incident provider in memory, for the delivery's tests. */
export class InMemoryIncidentProvider implements WeComIncidentProvider {
  readonly incidents = new Map<string, WeComIncident>();
  readonly timeline: WeComTimelineEntry[] = [];
  readonly #listeners = new Set<(change: WeComIncidentChange) => unknown>();

  constructor(
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  async getIncident(id: string) {
    const incident = this.incidents.get(id);
    return incident && structuredClone(incident);
  }

  async listIncidents() {
    const items = [...this.incidents.values()];
    return { items, totalCount: items.length, offset: 0, limit: 50 };
  }

  async listTimeline(incidentId: string) {
    return this.timeline.filter(e => e.incidentId === incidentId);
  }

  async createIncident(
    input: Parameters<WeComIncidentProvider['createIncident']>[0],
    actor?: string,
  ) {
    const at = this.now();
    const incident: WeComIncident = {
      id: randomUUID(),
      title: input.title,
      severity: input.severity,
      status: 'triggered',
      description: input.description,
      entityRef: input.entityRef,
      responders: input.responders ?? [],
      source: input.source ?? 'api',
      fields: input.fields,
      createdAt: at,
      updatedAt: at,
    };
    this.incidents.set(incident.id, incident);
    await this.addTimelineEntry(incident.id, {
      kind: 'created',
      message: 'Created',
      actor,
    });
    await this.#notify({ type: 'created', incident, actor });
    return structuredClone(incident);
  }

  async transition(
    incidentId: string,
    transition: Parameters<WeComIncidentProvider['transition']>[1],
    actor?: string,
  ) {
    const incident = this.incidents.get(incidentId);
    if (!incident) throw new Error(`No incident ${incidentId}`);
    const { action } = transition;
    if (!ALLOWED_FROM[action].includes(incident.status)) {
      throw new WeComInvalidTransitionError(
        structuredClone(incident),
        action,
        `The incident is ${incident.status}: ${action} does not apply`,
      );
    }
    const previousStatus = incident.status;
    incident.status = NEXT[action];
    incident.updatedAt = this.now();
    if (action === 'startProcessing') incident.acknowledgedBy = actor;
    if (action === 'close') incident.closedBy = actor;
    await this.addTimelineEntry(incidentId, {
      kind: 'transition',
      message: `${previousStatus} → ${incident.status}`,
      actor,
    });
    await this.#notify({
      type: 'transitioned',
      incident: structuredClone(incident),
      previousStatus,
      actor,
    });
    return structuredClone(incident);
  }

  async addTimelineEntry(
    incidentId: string,
    entry: Parameters<WeComIncidentProvider['addTimelineEntry']>[1],
  ) {
    const full: WeComTimelineEntry = {
      id: randomUUID(),
      incidentId,
      at: entry.at ?? this.now(),
      ...entry,
    };
    this.timeline.push(full);
    return full;
  }

  subscribe(listener: (change: WeComIncidentChange) => unknown) {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async #notify(change: WeComIncidentChange) {
    for (const listener of this.#listeners) await listener(change);
  }

  entries(incidentId: string, kind?: string) {
    return this.timeline.filter(
      e => e.incidentId === incidentId && (!kind || e.kind === kind),
    );
  }
}

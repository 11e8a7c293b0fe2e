import {
  WeComIncident,
  WeComIncidentPage,
  WeComIncidentQuery,
  WeComIncidentTransition,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';
import {
  WeComIncidentChange,
  WeComIncidentProvider,
} from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { planTransition } from '../transitions';

type CreateInput = Parameters<WeComIncidentProvider['createIncident']>[0];
type EntryInput = Parameters<WeComIncidentProvider['addTimelineEntry']>[1];
type Listener = (change: WeComIncidentChange) => Promise<void> | void;

/**
 * A provider that keeps incidents in memory, standing in for an
 * installation's own incident platform in tests. Ids start with `mem-` so
 * tests can tell its incidents apart.
 */
export class InMemoryIncidentProvider implements WeComIncidentProvider {
  readonly incidents = new Map<string, WeComIncident>();
  readonly timelines = new Map<string, WeComTimelineEntry[]>();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly clock: () => DateTime = () => DateTime.utc()) {}

  async getIncident(id: string) {
    return this.incidents.get(id);
  }

  async listIncidents(query: WeComIncidentQuery): Promise<WeComIncidentPage> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const all = [...this.incidents.values()]
      .filter(i => !query.status?.length || query.status.includes(i.status))
      .reverse();
    return {
      items: all.slice(offset, offset + limit),
      totalCount: all.length,
      offset,
      limit,
    };
  }

  async listTimeline(incidentId: string) {
    return this.timelines.get(incidentId) ?? [];
  }

  async createIncident(input: CreateInput, actor?: string) {
    const now = this.now();
    const incident: WeComIncident = {
      ...input,
      id: `mem-${randomUUID()}`,
      status: 'triggered',
      responders: input.responders ?? [],
      source: input.source ?? 'api',
      createdAt: now,
      updatedAt: now,
    };
    this.incidents.set(incident.id, incident);
    await this.addTimelineEntry(incident.id, {
      actor,
      kind: 'created',
      message: 'Opened in memory',
    });
    await this.emit({ type: 'created', incident, actor });
    return incident;
  }

  async transition(
    incidentId: string,
    transition: WeComIncidentTransition,
    actor?: string,
  ) {
    const before = this.incidents.get(incidentId);
    if (!before) throw new Error(`no incident ${incidentId}`);
    const planned = planTransition(before, transition, actor, this.clock());
    const after: WeComIncident = {
      ...before,
      acknowledgedBy: undefined,
      acknowledgedAt: undefined,
      snoozedUntil: undefined,
      closedBy: undefined,
      closedAt: undefined,
      ...planned.next,
      updatedAt: this.now(),
    };
    this.incidents.set(incidentId, after);
    await this.addTimelineEntry(incidentId, {
      actor,
      kind: 'transition',
      message: planned.message,
      data: planned.data,
    });
    await this.emit({
      type: 'transitioned',
      incident: after,
      previousStatus: before.status,
      actor,
    });
    return after;
  }

  async addTimelineEntry(incidentId: string, input: EntryInput) {
    const entry: WeComTimelineEntry = {
      ...input,
      id: randomUUID(),
      incidentId,
      at: input.at ?? this.now(),
    };
    this.timelines.set(incidentId, [
      ...(this.timelines.get(incidentId) ?? []),
      entry,
    ]);
    return entry;
  }

  subscribe(listener: Listener) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private async emit(change: WeComIncidentChange) {
    for (const listener of this.listeners) await listener(change);
  }

  private now() {
    return this.clock().toUTC().toISO()!;
  }
}

import {
  WeComIncident,
  WeComIncidentInput,
  WeComIncidentPage,
  WeComIncidentTransition,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';
import {
  WeComIncidentChange,
  WeComIncidentProvider,
  WeComInvalidTransitionError,
} from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';

type Listener = (change: WeComIncidentChange) => Promise<void> | void;

/**
 * An in-memory incident provider with the transition rules of the real one,
 * whose subscribers are awaited so tests see their effects at once.
 */
export class FakeIncidentProvider implements WeComIncidentProvider {
  private readonly incidents = new Map<string, WeComIncident>();
  private readonly timeline: WeComTimelineEntry[] = [];
  private readonly listeners: Listener[] = [];
  private counter = 0;

  constructor(private readonly now: () => DateTime = () => DateTime.utc()) {}

  async getIncident(id: string) {
    const incident = this.incidents.get(id);
    return incident && { ...incident };
  }

  async listIncidents(): Promise<WeComIncidentPage> {
    const items = [...this.incidents.values()];
    return { items, totalCount: items.length, offset: 0, limit: 50 };
  }

  async listTimeline(incidentId: string) {
    return this.timeline.filter(e => e.incidentId === incidentId);
  }

  /** The timeline entries of one kind, e.g. `escalation`. */
  entries(incidentId: string, kind: string): WeComTimelineEntry[] {
    return this.timeline.filter(
      e => e.incidentId === incidentId && e.kind === kind,
    );
  }

  async createIncident(
    input: WeComIncidentInput & { source?: string; fingerprint?: string },
    actor?: string,
  ): Promise<WeComIncident> {
    const at = this.now().toISO()!;
    const incident: WeComIncident = {
      id: `inc-${++this.counter}`,
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
    await this.emit({ type: 'created', incident: { ...incident }, actor });
    return { ...incident };
  }

  async transition(
    incidentId: string,
    transition: WeComIncidentTransition,
    actor?: string,
  ): Promise<WeComIncident> {
    const incident = this.require(incidentId);
    const previousStatus = incident.status;
    const refuse = (why: string) => {
      throw new WeComInvalidTransitionError(incident, transition.action, why);
    };
    const at = this.now();
    switch (transition.action) {
      case 'startProcessing':
        if (previousStatus === 'closed' || previousStatus === 'processing') {
          refuse(`the incident is ${previousStatus}`);
        }
        incident.status = 'processing';
        incident.acknowledgedBy = actor;
        incident.acknowledgedAt = at.toISO()!;
        break;
      case 'close':
        if (previousStatus === 'closed') refuse('the incident is closed');
        incident.status = 'closed';
        break;
      case 'snooze':
        if (previousStatus === 'closed') refuse('the incident is closed');
        incident.status = 'snoozed';
        incident.snoozedUntil = at
          .plus({ minutes: transition.snoozeMinutes ?? 120 })
          .toISO()!;
        break;
      case 'reopen':
        if (previousStatus !== 'closed') refuse('the incident is not closed');
        incident.status = 'triggered';
        break;
      default:
        refuse('unknown action');
    }
    incident.updatedAt = at.toISO()!;
    await this.emit({
      type: 'transitioned',
      incident: { ...incident },
      previousStatus,
      actor,
    });
    return { ...incident };
  }

  /** The snooze wake-up: snoozed → triggered, as the system. */
  async wake(incidentId: string): Promise<void> {
    const incident = this.require(incidentId);
    incident.status = 'triggered';
    incident.snoozedUntil = undefined;
    await this.emit({
      type: 'transitioned',
      incident: { ...incident },
      previousStatus: 'snoozed',
    });
  }

  /** A change made on another replica: no subscriber here hears of it. */
  setStatusUnheard(incidentId: string, status: WeComIncident['status']) {
    this.require(incidentId).status = status;
  }

  async addTimelineEntry(
    incidentId: string,
    entry: Omit<WeComTimelineEntry, 'id' | 'incidentId' | 'at'> & {
      at?: string;
    },
  ): Promise<WeComTimelineEntry> {
    const saved: WeComTimelineEntry = {
      ...entry,
      id: String(this.timeline.length + 1),
      incidentId,
      at: entry.at ?? this.now().toISO()!,
    };
    this.timeline.push(saved);
    return saved;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners.splice(this.listeners.indexOf(listener), 1);
    };
  }

  private require(id: string): WeComIncident {
    const incident = this.incidents.get(id);
    if (!incident) throw new Error(`no incident ${id}`);
    return incident;
  }

  private async emit(change: WeComIncidentChange) {
    for (const listener of this.listeners) await listener(change);
  }
}

import type {
  WeComIncident,
  WeComIncidentPage,
  WeComIncidentPatch,
  WeComIncidentQuery,
  WeComIncidentTransition,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';
import { randomUUID } from 'node:crypto';
import type { WeComIncidentChange, WeComIncidentProvider } from '../incidents';
import {
  WeComPlannedIncidentChange,
  namedError,
  planIncidentTransition,
  planIncidentWakeUp,
} from '../incidentTransitions';
import { planIncidentUpdate } from '../incidentUpdates';
import { compare, pageOfIncidents } from './incidentPages';
import { InMemoryCallRecorder } from './InMemoryCallRecorder';
import { InMemorySubscribers } from './InMemorySubscribers';
import type {
  InMemoryIncidentProviderCall,
  InMemoryIncidentProviderMethod,
  InMemoryIncidentProviderOptions,
  InMemoryIncidentSeed,
} from './inMemoryIncidentProviderTypes';

export type {
  InMemoryIncidentProviderCall,
  InMemoryIncidentProviderMethod,
  InMemoryIncidentProviderOptions,
  InMemoryIncidentSeed,
} from './inMemoryIncidentProviderTypes';

type Listener = (change: WeComIncidentChange) => Promise<void> | void;
type CreateInput = Parameters<WeComIncidentProvider['createIncident']>[0];
type EntryInput = Parameters<WeComIncidentProvider['addTimelineEntry']>[1];

/**
 * A {@link WeComIncidentProvider} that keeps incidents in memory, for testing
 * modules of the WeCom plugin (and the plugin itself) without a database or
 * an incident platform.
 *
 * @remarks
 * It follows the rules of the plugin's own provider: the same status
 * transitions and refusals ({@link WeComInvalidTransitionError}), a timeline
 * entry with its actor for every creation, status change and change of the
 * responders (none when they stay the same), and subscribers
 * called one after another after each change (a throwing subscriber never
 * undoes the change; its error lands in `listenerErrors`). Unknown incidents
 * and bad input throw errors named `NotFoundError` and `InputError`.
 *
 * For tests it adds: a clock to pass in, seeding (`seedIncident`), changes
 * nobody hears of (`changeUnheard`, like another replica's), the snooze
 * wake-up (`wakeDueSnoozes`), recorded calls (`calls`, `callsOf`), failures
 * on demand (`failNext`), and the stored state (`incidents`, `timeline`,
 * `entries`). What it answers is a copy; changing it changes nothing here.
 *
 * @example
 * ```ts
 * import { InMemoryIncidentProvider } from 'backstage-plugin-wecom-node/testUtils';
 *
 * const incidents = new InMemoryIncidentProvider({ now: () => clock });
 * ```
 *
 * @public
 */
export class InMemoryIncidentProvider implements WeComIncidentProvider {
  /** The actor of changes nobody asked for, as the plugin's provider names it. */
  static readonly SYSTEM_ACTOR = 'system';

  readonly #incidents = new Map<string, WeComIncident>();
  readonly #timeline: WeComTimelineEntry[] = [];
  readonly #subscribers = new InMemorySubscribers();
  readonly #calls = new InMemoryCallRecorder();
  readonly #now: () => Date | string;
  readonly #idPrefix: string;

  constructor(options: InMemoryIncidentProviderOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#idPrefix = options.idPrefix ?? '';
    for (const seed of options.incidents ?? []) this.seedIncident(seed);
  }

  /** The stored incidents by id (read only: change them through the provider). */
  get incidents(): ReadonlyMap<string, WeComIncident> {
    return this.#incidents;
  }

  /** Every timeline entry of every incident, in the order they were added. */
  get timeline(): readonly WeComTimelineEntry[] {
    return this.#timeline;
  }

  /** The calls of the provider's methods so far, oldest first. */
  get calls(): readonly InMemoryIncidentProviderCall[] {
    return this.#calls.calls;
  }

  /** The errors subscribers threw, with the change they threw on. */
  get listenerErrors(): ReadonlyArray<{
    change: WeComIncidentChange;
    error: unknown;
  }> {
    return this.#subscribers.errors;
  }

  /** The arguments of each call of one method, oldest first. */
  callsOf<M extends InMemoryIncidentProviderMethod>(
    method: M,
  ): Array<Parameters<WeComIncidentProvider[M]>> {
    return this.#calls.callsOf(method);
  }

  /**
   * Makes the next call of `method` throw `error` before it changes
   * anything (the call is still recorded). Calls queue up: fail twice to
   * fail the next two calls.
   */
  failNext(
    method: InMemoryIncidentProviderMethod,
    error: Error = new Error(`${method} failed`),
  ): void {
    this.#calls.failNext(method, error);
  }

  /** The timeline entries of one incident, optionally of one kind only. */
  entries(incidentId: string, kind?: string): WeComTimelineEntry[] {
    return this.#timeline
      .filter(e => e.incidentId === incidentId && (!kind || e.kind === kind))
      .map(e => structuredClone(e));
  }

  /**
   * Stores an incident as if it had existed before the test: no timeline
   * entry, and no subscriber hears of it.
   */
  seedIncident(seed: InMemoryIncidentSeed): WeComIncident {
    const now = this.#nowIso();
    const incident: WeComIncident = {
      id: this.#newId(),
      status: 'triggered',
      responders: [],
      source: 'api',
      createdAt: now,
      updatedAt: now,
      ...structuredClone(seed),
    };
    this.#incidents.set(incident.id, incident);
    return structuredClone(incident);
  }

  /**
   * Changes an incident the way another replica or the platform's own UI
   * would: no timeline entry here, and no subscriber hears of it.
   */
  changeUnheard(
    incidentId: string,
    patch: Partial<Omit<WeComIncident, 'id'>>,
  ): WeComIncident {
    const incident = { ...this.#require(incidentId), ...patch };
    this.#incidents.set(incidentId, incident);
    return structuredClone(incident);
  }

  /**
   * Brings every incident whose snooze has ended (by the clock) back to
   * `triggered`, as the `system` actor, like the plugin's scheduled
   * wake-up. Answers the incidents it woke.
   */
  async wakeDueSnoozes(): Promise<WeComIncident[]> {
    const woken: WeComIncident[] = [];
    for (const id of [...this.#incidents.keys()]) {
      const after = await this.#change(
        id,
        InMemoryIncidentProvider.SYSTEM_ACTOR,
        incident => planIncidentWakeUp(incident, this.#nowDate()),
      );
      if (after) woken.push(after);
    }
    return woken;
  }

  async getIncident(id: string): Promise<WeComIncident | undefined> {
    this.#record({ method: 'getIncident', args: [id] });
    const incident = this.#incidents.get(id);
    return incident && structuredClone(incident);
  }

  async listIncidents(query: WeComIncidentQuery): Promise<WeComIncidentPage> {
    this.#record({ method: 'listIncidents', args: [query] });
    return pageOfIncidents(this.#incidents.values(), query);
  }

  async listTimeline(incidentId: string): Promise<WeComTimelineEntry[]> {
    this.#record({ method: 'listTimeline', args: [incidentId] });
    // Oldest first; entries of the same instant in the order they came.
    return this.entries(incidentId).sort((a, b) => compare(a.at, b.at));
  }

  async createIncident(
    input: CreateInput,
    actor?: string,
  ): Promise<WeComIncident> {
    this.#record({ method: 'createIncident', args: [input, actor] });
    const now = this.#nowIso();
    const incident: WeComIncident = {
      id: this.#newId(),
      title: input.title,
      severity: input.severity,
      status: 'triggered',
      description: input.description,
      entityRef: input.entityRef,
      responders: [...(input.responders ?? [])],
      source: input.source ?? 'api',
      fingerprint: input.fingerprint,
      labels: input.labels && { ...input.labels },
      fields: input.fields && { ...input.fields },
      createdAt: now,
      updatedAt: now,
    };
    this.#incidents.set(incident.id, incident);
    this.#append(incident.id, {
      at: now,
      actor,
      kind: 'created',
      message: `Opened from ${incident.source}: ${incident.title}`,
      data: { severity: incident.severity, source: incident.source },
    });
    await this.#subscribers.notify({
      type: 'created',
      incident: structuredClone(incident),
      actor,
    });
    return structuredClone(incident);
  }

  async transition(
    incidentId: string,
    transition: WeComIncidentTransition,
    actor?: string,
  ): Promise<WeComIncident> {
    this.#record({
      method: 'transition',
      args: [incidentId, transition, actor],
    });
    this.#require(incidentId);
    const after = await this.#change(incidentId, actor, incident =>
      planIncidentTransition(incident, transition, actor, this.#nowDate()),
    );
    return after!;
  }

  async updateIncident(
    incidentId: string,
    patch: WeComIncidentPatch,
    actor?: string,
  ): Promise<WeComIncident> {
    this.#record({
      method: 'updateIncident',
      args: [incidentId, patch, actor],
    });
    const before = this.#require(incidentId);
    const planned = planIncidentUpdate(structuredClone(before), patch);
    if (!planned) return structuredClone(before);
    const now = this.#nowIso();
    const after: WeComIncident = {
      ...before,
      responders: planned.responders,
      updatedAt: now,
    };
    this.#incidents.set(incidentId, after);
    this.#append(incidentId, {
      at: now,
      actor,
      kind: 'responders',
      message: planned.message,
      data: planned.data,
    });
    await this.#subscribers.notify({
      type: 'updated',
      incident: structuredClone(after),
      previousResponders: planned.previousResponders,
      actor,
    });
    return structuredClone(after);
  }

  async addTimelineEntry(
    incidentId: string,
    entry: EntryInput,
  ): Promise<WeComTimelineEntry> {
    this.#record({ method: 'addTimelineEntry', args: [incidentId, entry] });
    this.#require(incidentId);
    return structuredClone(this.#append(incidentId, entry));
  }

  subscribe(listener: Listener): () => void {
    return this.#subscribers.subscribe(listener);
  }

  /** Applies a planned status change with its timeline entry, then notifies. */
  async #change(
    incidentId: string,
    actor: string | undefined,
    plan: (incident: WeComIncident) => WeComPlannedIncidentChange | undefined,
  ): Promise<WeComIncident | undefined> {
    const before = this.#require(incidentId);
    const planned = plan(structuredClone(before));
    if (!planned) return undefined;
    const now = this.#nowIso();
    const after: WeComIncident = {
      ...before,
      acknowledgedBy: undefined,
      acknowledgedAt: undefined,
      snoozedUntil: undefined,
      closedBy: undefined,
      closedAt: undefined,
      ...planned.next,
      updatedAt: now,
    };
    this.#incidents.set(incidentId, after);
    this.#append(incidentId, {
      at: now,
      actor,
      kind: 'transition',
      message: planned.message,
      data: planned.data,
    });
    await this.#subscribers.notify({
      type: 'transitioned',
      incident: structuredClone(after),
      previousStatus: before.status,
      actor,
    });
    return structuredClone(after);
  }

  #append(incidentId: string, input: EntryInput): WeComTimelineEntry {
    const entry: WeComTimelineEntry = {
      id: randomUUID(),
      incidentId,
      at: input.at ? new Date(input.at).toISOString() : this.#nowIso(),
      actor: input.actor,
      kind: input.kind,
      message: input.message,
      data: input.data && structuredClone(input.data),
    };
    this.#timeline.push(entry);
    return entry;
  }

  /** Records a call, then throws the failure queued for its method, if any. */
  #record(call: InMemoryIncidentProviderCall): void {
    this.#calls.record(call);
  }

  #require(incidentId: string): WeComIncident {
    const incident = this.#incidents.get(incidentId);
    if (!incident) {
      throw namedError('NotFoundError', `No incident with id "${incidentId}"`);
    }
    return incident;
  }

  #newId(): string {
    return `${this.#idPrefix}${randomUUID()}`;
  }

  #nowDate(): Date {
    return new Date(this.#now());
  }

  #nowIso(): string {
    return this.#nowDate().toISOString();
  }
}

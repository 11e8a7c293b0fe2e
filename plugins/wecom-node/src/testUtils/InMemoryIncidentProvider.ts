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

type Listener = (change: WeComIncidentChange) => Promise<void> | void;
type CreateInput = Parameters<WeComIncidentProvider['createIncident']>[0];
type EntryInput = Parameters<WeComIncidentProvider['addTimelineEntry']>[1];

/**
 * The provider methods whose calls {@link InMemoryIncidentProvider} records
 * and can be told to fail.
 *
 * @public
 */
export type InMemoryIncidentProviderMethod = Exclude<
  keyof WeComIncidentProvider,
  'subscribe'
>;

/**
 * One recorded call of an {@link InMemoryIncidentProvider} method.
 *
 * @public
 */
export type InMemoryIncidentProviderCall = {
  [M in InMemoryIncidentProviderMethod]: {
    method: M;
    args: Parameters<WeComIncidentProvider[M]>;
  };
}[InMemoryIncidentProviderMethod];

/**
 * An incident to seed {@link InMemoryIncidentProvider} with: title and
 * severity, anything else defaults as if it had just been created.
 *
 * @public
 */
export type InMemoryIncidentSeed = Partial<WeComIncident> &
  Pick<WeComIncident, 'title' | 'severity'>;

/**
 * Options of {@link InMemoryIncidentProvider}.
 *
 * @public
 */
export interface InMemoryIncidentProviderOptions {
  /** The clock; tests pass one they move. Defaults to the real time. */
  now?: () => Date | string;
  /** Put before each generated incident id, e.g. `mem-`. */
  idPrefix?: string;
  /** Incidents that exist from the start; see `seedIncident`. */
  incidents?: InMemoryIncidentSeed[];
}

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
  readonly #listeners = new Set<Listener>();
  readonly #calls: InMemoryIncidentProviderCall[] = [];
  readonly #failures = new Map<InMemoryIncidentProviderMethod, Error[]>();
  readonly #listenerErrors: Array<{
    change: WeComIncidentChange;
    error: unknown;
  }> = [];
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
    return this.#calls;
  }

  /** The errors subscribers threw, with the change they threw on. */
  get listenerErrors(): ReadonlyArray<{
    change: WeComIncidentChange;
    error: unknown;
  }> {
    return this.#listenerErrors;
  }

  /** The arguments of each call of one method, oldest first. */
  callsOf<M extends InMemoryIncidentProviderMethod>(
    method: M,
  ): Array<Parameters<WeComIncidentProvider[M]>> {
    return this.#calls
      .filter(call => call.method === method)
      .map(call => call.args as Parameters<WeComIncidentProvider[M]>);
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
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), error]);
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
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.min(200, Math.max(1, query.limit ?? 50));
    const text = query.q?.toLowerCase();
    const matching = [...this.#incidents.values()]
      .filter(
        i =>
          (!query.status?.length || query.status.includes(i.status)) &&
          (!query.severity?.length || query.severity.includes(i.severity)) &&
          (!query.entityRef || i.entityRef === query.entityRef) &&
          (!text || i.title.toLowerCase().includes(text)),
      )
      // Newest first, as the plugin's provider answers.
      .sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.id, a.id));
    return {
      items: matching
        .slice(offset, offset + limit)
        .map(i => structuredClone(i)),
      totalCount: matching.length,
      offset,
      limit,
    };
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
    await this.#notify({
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
    await this.#notify({
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
    // A wrapper per subscription, so subscribing one function twice gives
    // two independent subscriptions, as with the plugin's provider.
    const subscription: Listener = change => listener(change);
    this.#listeners.add(subscription);
    return () => {
      this.#listeners.delete(subscription);
    };
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
    await this.#notify({
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

  async #notify(change: WeComIncidentChange): Promise<void> {
    for (const listener of [...this.#listeners]) {
      try {
        await listener(change);
      } catch (error) {
        this.#listenerErrors.push({ change, error });
      }
    }
  }

  /** Records a call, then throws the failure queued for its method, if any. */
  #record(call: InMemoryIncidentProviderCall): void {
    this.#calls.push(structuredClone(call));
    const error = this.#failures.get(call.method)?.shift();
    if (error) throw error;
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

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

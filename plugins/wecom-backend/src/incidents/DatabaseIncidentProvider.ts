import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
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
  WeComPlannedIncidentChange,
  planIncidentTransition,
  planIncidentUpdate,
  planIncidentWakeUp,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { writeTimestamp } from '../database/time';
import { IncidentChangeListeners } from './IncidentChangeListeners';
import {
  INCIDENTS,
  IncidentRow,
  TIMELINE,
  TimelineRow,
  jsonColumn,
  lifecycleColumns,
  timelineRow,
  toIncident,
  toTimelineEntry,
} from './incidentRows';

/** The actor of changes nobody asked for, like the end of a snooze. */
export const SYSTEM_ACTOR = 'system';

/**
 * Written by the incident cards (one row per recipient); read here only to
 * answer "incidents I respond to".
 */
const CARD_DELIVERIES = 'wecom_card_deliveries';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
/** Concurrent changes of one incident retry this often before giving up. */
const MAX_ATTEMPTS = 5;

type CreateInput = Parameters<WeComIncidentProvider['createIncident']>[0];
type EntryInput = Parameters<WeComIncidentProvider['addTimelineEntry']>[1];

/** A change of an incident row, with its timeline entry and what to report. */
interface PlannedRowChange {
  columns: Partial<Record<keyof IncidentRow, unknown>>;
  entry: Pick<WeComTimelineEntry, 'actor' | 'kind' | 'message' | 'data'>;
  report: (after: WeComIncident) => WeComIncidentChange;
}

/**
 * The default {@link WeComIncidentProvider}: incidents and their timelines
 * in the plugin's database. Each change and its timeline entry are written
 * in one transaction; subscribers hear of it after the commit.
 */
export class DatabaseIncidentProvider implements WeComIncidentProvider {
  private readonly knex: Knex;
  private readonly clock: () => DateTime;
  private readonly listeners: IncidentChangeListeners;

  constructor(options: {
    knex: Knex;
    logger: LoggerService;
    /** Tests pass a clock they can move. */
    clock?: () => DateTime;
  }) {
    this.knex = options.knex;
    this.clock = options.clock ?? (() => DateTime.utc());
    this.listeners = new IncidentChangeListeners(options.logger);
  }

  async getIncident(id: string): Promise<WeComIncident | undefined> {
    const row: IncidentRow | undefined = await this.knex(INCIDENTS)
      .where({ id })
      .first();
    return row ? toIncident(row) : undefined;
  }

  async listIncidents(query: WeComIncidentQuery): Promise<WeComIncidentPage> {
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.min(
      MAX_LIMIT,
      Math.max(1, query.limit ?? DEFAULT_LIMIT),
    );
    const filtered = () => {
      const q = this.knex(INCIDENTS);
      if (query.status?.length) q.whereIn('status', query.status);
      if (query.severity?.length) q.whereIn('severity', query.severity);
      if (query.entityRef) q.where('entity_ref', query.entityRef);
      if (query.responder) this.whereResponder(q, query.responder);
      if (query.q) {
        q.whereRaw(`LOWER(title) LIKE ? ESCAPE '\\'`, [likePattern(query.q)]);
      }
      return q;
    };
    const [rows, [{ n }]] = await Promise.all([
      filtered()
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .offset(offset)
        .limit(limit),
      filtered().count({ n: '*' }),
    ]);
    return {
      items: (rows as IncidentRow[]).map(toIncident),
      totalCount: Number(n),
      offset,
      limit,
    };
  }

  /**
   * Named among the responders (stored as a JSON array of refs), or a card
   * went to them: owners and group members are only known once the cards
   * are addressed, so the deliveries are the record of who responds.
   */
  private whereResponder(q: Knex.QueryBuilder, userRef: string): void {
    const knex = this.knex;
    q.where(inner =>
      inner
        .whereRaw(`responders LIKE ? ESCAPE '\\'`, [
          `%${escapeLike(JSON.stringify(userRef))}%`,
        ])
        .orWhereExists(
          knex(CARD_DELIVERIES)
            .select(knex.raw('1'))
            .whereRaw('?? = ??', [
              `${CARD_DELIVERIES}.incident_id`,
              `${INCIDENTS}.id`,
            ])
            .where(`${CARD_DELIVERIES}.entity_ref`, userRef),
        ),
    );
  }

  async listTimeline(incidentId: string): Promise<WeComTimelineEntry[]> {
    const rows: TimelineRow[] = await this.knex(TIMELINE)
      .where({ incident_id: incidentId })
      .orderBy([
        { column: 'at', order: 'asc' },
        { column: 'seq', order: 'asc' },
      ]);
    return rows.map(toTimelineEntry);
  }

  async createIncident(
    input: CreateInput,
    actor?: string,
  ): Promise<WeComIncident> {
    const now = writeTimestamp(this.clock());
    const row: IncidentRow = {
      id: randomUUID(),
      title: input.title,
      severity: input.severity,
      status: 'triggered',
      description: input.description ?? null,
      entity_ref: input.entityRef ?? null,
      responders: JSON.stringify(input.responders ?? []),
      source: input.source ?? 'api',
      fingerprint: input.fingerprint ?? null,
      labels: jsonColumn(input.labels),
      fields: jsonColumn(input.fields),
      created_at: now,
      updated_at: now,
      acknowledged_by: null,
      acknowledged_at: null,
      snoozed_until: null,
      closed_by: null,
      closed_at: null,
      revision: 0,
    };
    const incident = toIncident(row);
    await this.knex.transaction(async tx => {
      await tx(INCIDENTS).insert(row);
      await tx(TIMELINE).insert(
        timelineRow(
          this.entry(incident.id, {
            at: incident.createdAt,
            actor,
            kind: 'created',
            message: `Opened from ${incident.source}: ${incident.title}`,
            data: { severity: incident.severity, source: incident.source },
          }),
        ),
      );
    });
    await this.listeners.notify({ type: 'created', incident, actor });
    return incident;
  }

  async transition(
    incidentId: string,
    transition: WeComIncidentTransition,
    actor?: string,
  ): Promise<WeComIncident> {
    const changed = await this.change(incidentId, incident =>
      transitionChange(
        incident,
        planIncidentTransition(
          incident,
          transition,
          actor,
          this.clock().toJSDate(),
        ),
        actor,
      ),
    );
    if (!changed) {
      throw new NotFoundError(`No incident with id "${incidentId}"`);
    }
    return changed;
  }

  async updateIncident(
    incidentId: string,
    patch: WeComIncidentPatch,
    actor?: string,
  ): Promise<WeComIncident> {
    const changed = await this.change(incidentId, incident => {
      const planned = planIncidentUpdate(incident, patch);
      if (!planned) return undefined;
      return {
        columns: { responders: JSON.stringify(planned.responders) },
        entry: {
          actor,
          kind: 'responders',
          message: planned.message,
          data: planned.data,
        },
        report: after => ({
          type: 'updated',
          incident: after,
          previousResponders: planned.previousResponders,
          actor,
        }),
      };
    });
    if (!changed) {
      throw new NotFoundError(`No incident with id "${incidentId}"`);
    }
    return changed;
  }

  async addTimelineEntry(
    incidentId: string,
    input: EntryInput,
  ): Promise<WeComTimelineEntry> {
    if (!(await this.getIncident(incidentId))) {
      throw new NotFoundError(`No incident with id "${incidentId}"`);
    }
    const entry = this.entry(incidentId, input);
    await this.knex(TIMELINE).insert(timelineRow(entry));
    return entry;
  }

  subscribe(
    listener: (change: WeComIncidentChange) => Promise<void> | void,
  ): () => void {
    return this.listeners.subscribe(listener);
  }

  /**
   * Brings every incident whose snooze has ended back to `triggered`, as
   * the `system` actor. Answers the incidents it woke.
   */
  async wakeDueSnoozes(): Promise<WeComIncident[]> {
    const now = this.clock();
    const due: Array<{ id: string }> = await this.knex(INCIDENTS)
      .where({ status: 'snoozed' })
      .andWhere('snoozed_until', '<=', writeTimestamp(now))
      .orderBy('snoozed_until')
      .limit(500)
      .select('id');
    const woken: WeComIncident[] = [];
    for (const { id } of due) {
      // Someone may have acted on it meanwhile: then there is nothing to do.
      const incident = await this.change(id, current =>
        transitionChange(
          current,
          planIncidentWakeUp(current, this.clock().toJSDate()),
          SYSTEM_ACTOR,
        ),
      );
      if (incident?.status === 'triggered') woken.push(incident);
    }
    return woken;
  }

  /**
   * Applies a planned change with its timeline entry in one transaction.
   * The revision check makes concurrent changes of one incident take turns:
   * the loser plans again against what the winner left. Answers undefined
   * for an unknown incident, the incident unchanged when `plan` has nothing
   * to do.
   */
  private async change(
    incidentId: string,
    plan: (incident: WeComIncident) => PlannedRowChange | undefined,
  ): Promise<WeComIncident | undefined> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const outcome = await this.knex.transaction(async tx => {
        const row: IncidentRow | undefined = await tx(INCIDENTS)
          .where({ id: incidentId })
          .first();
        if (!row) return { done: true as const, incident: undefined };
        const before = toIncident(row);
        const planned = plan(before);
        if (!planned) return { done: true as const, incident: before };

        const now = this.clock();
        const updated = await tx(INCIDENTS)
          .where({ id: incidentId, revision: row.revision })
          .update({
            ...planned.columns,
            updated_at: writeTimestamp(now),
            revision: row.revision + 1,
          });
        if (updated !== 1) return { done: false as const };
        await tx(TIMELINE).insert(
          timelineRow(
            this.entry(incidentId, {
              at: now.toUTC().toISO()!,
              ...planned.entry,
            }),
          ),
        );
        const after = toIncident(
          await tx(INCIDENTS).where({ id: incidentId }).first(),
        );
        return {
          done: true as const,
          incident: after,
          change: planned.report(after),
        };
      });
      if (outcome.done) {
        if ('change' in outcome && outcome.change) {
          await this.listeners.notify(outcome.change);
        }
        return outcome.incident;
      }
    }
    throw new ConflictError(
      'The incident is being changed by someone else right now; try again',
    );
  }

  private entry(incidentId: string, input: EntryInput): WeComTimelineEntry {
    return {
      id: randomUUID(),
      incidentId,
      at: input.at ?? this.clock().toUTC().toISO()!,
      actor: input.actor,
      kind: input.kind,
      message: input.message,
      data: input.data,
    };
  }
}

/** A planned status change as a row change; undefined: nothing to do. */
function transitionChange(
  before: WeComIncident,
  planned: WeComPlannedIncidentChange | undefined,
  actor: string | undefined,
): PlannedRowChange | undefined {
  if (!planned) return undefined;
  return {
    columns: lifecycleColumns(planned.next),
    entry: {
      actor,
      kind: 'transition',
      message: planned.message,
      data: planned.data,
    },
    report: after => ({
      type: 'transitioned',
      incident: after,
      previousStatus: before.status,
      actor,
    }),
  };
}

/** `%text%` for LIKE, with the wildcards in `text` taken literally. */
function likePattern(text: string): string {
  return `%${escapeLike(text.toLowerCase())}%`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

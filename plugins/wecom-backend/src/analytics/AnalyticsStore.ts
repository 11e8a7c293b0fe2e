import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { readTimestamp, writeTimestamp } from '../database/time';

// The tables read here are the database incident provider's and the card
// deliveries'; analytics only reads them, so it names them itself rather
// than reaching into those areas.
const INCIDENTS = 'wecom_incidents';
const TIMELINE = 'wecom_incident_timeline';
const DELIVERIES = 'wecom_card_deliveries';

/** The most incidents and pages one answer reads (newest first). */
export const MAX_ROWS = 20_000;

/** An incident opened in the window, with what the figures need. */
export interface IncidentFacts {
  id: string;
  severity: string;
  entityRef?: string;
  createdAt: DateTime;
  /** The first time anyone started processing it. */
  firstAcknowledgedAt?: DateTime;
  /** When it was closed, if it is closed now. */
  closedAt?: DateTime;
}

/** One card WeCom accepted for one person. */
export interface PageFacts {
  userEntityRef: string;
  /** The entity of the incident the card was about. */
  incidentEntityRef?: string;
  at: DateTime;
}

/** Reads incidents, their first acknowledgements and pages of a window. */
export class AnalyticsStore {
  constructor(private readonly knex: Knex) {}

  /** Incidents opened in `[from, to)`, newest first, at most {@link MAX_ROWS} + 1. */
  async incidentsOpened(
    from: DateTime,
    to: DateTime,
  ): Promise<IncidentFacts[]> {
    const inWindow = (q: Knex.QueryBuilder) =>
      q
        .where(`${INCIDENTS}.created_at`, '>=', writeTimestamp(from))
        .andWhere(`${INCIDENTS}.created_at`, '<', writeTimestamp(to));
    const [rows, acks] = await Promise.all([
      inWindow(this.knex(INCIDENTS))
        .select(
          'id',
          'severity',
          'entity_ref',
          'status',
          'created_at',
          'closed_at',
        )
        .orderBy('created_at', 'desc')
        .limit(MAX_ROWS + 1),
      // acknowledged_at holds the latest start; the timeline keeps the first.
      inWindow(
        this.knex(TIMELINE).join(
          INCIDENTS,
          `${INCIDENTS}.id`,
          `${TIMELINE}.incident_id`,
        ),
      )
        .where(`${TIMELINE}.kind`, 'transition')
        .andWhere(`${TIMELINE}.data`, 'like', '%"action":"startProcessing"%')
        .groupBy(`${TIMELINE}.incident_id`)
        .select(`${TIMELINE}.incident_id as incident_id`)
        .min({ first_at: `${TIMELINE}.at` }),
    ]);
    const firstAck = new Map<string, DateTime | undefined>(
      acks.map((row: { incident_id: string; first_at: unknown }) => [
        row.incident_id,
        readTimestamp(row.first_at),
      ]),
    );
    return rows.map(
      (row: {
        id: string;
        severity: string;
        entity_ref: string | null;
        status: string;
        created_at: unknown;
        closed_at: unknown;
      }) => ({
        id: row.id,
        severity: row.severity,
        entityRef: row.entity_ref?.toLocaleLowerCase('en-US') ?? undefined,
        createdAt: readTimestamp(row.created_at)!,
        firstAcknowledgedAt: firstAck.get(row.id),
        closedAt:
          row.status === 'closed' ? readTimestamp(row.closed_at) : undefined,
      }),
    );
  }

  /** Cards sent in `[from, to)`, newest first, at most {@link MAX_ROWS} + 1. */
  async pagesSent(from: DateTime, to: DateTime): Promise<PageFacts[]> {
    const rows = await this.knex(DELIVERIES)
      .leftJoin(INCIDENTS, `${INCIDENTS}.id`, `${DELIVERIES}.incident_id`)
      .where(`${DELIVERIES}.status`, 'sent')
      .andWhere(`${DELIVERIES}.created_at`, '>=', writeTimestamp(from))
      .andWhere(`${DELIVERIES}.created_at`, '<', writeTimestamp(to))
      .select(
        `${DELIVERIES}.entity_ref as user_ref`,
        `${DELIVERIES}.created_at as at`,
        `${INCIDENTS}.entity_ref as incident_entity_ref`,
      )
      .orderBy(`${DELIVERIES}.created_at`, 'desc')
      .limit(MAX_ROWS + 1);
    return rows.map(
      (row: {
        user_ref: string;
        at: unknown;
        incident_entity_ref: string | null;
      }) => ({
        userEntityRef: row.user_ref.toLocaleLowerCase('en-US'),
        incidentEntityRef:
          row.incident_entity_ref?.toLocaleLowerCase('en-US') ?? undefined,
        at: readTimestamp(row.at)!,
      }),
    );
  }
}

import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { readTimestamp, writeTimestamp } from '../../database/time';
import { claimDueRows } from '../../database/claimDueRows';
import { CLAIM_TIMEOUT } from './policy';

interface OutboxRow {
  id: number | string;
  task_id: string;
  integration_id: string;
  incident_id: string;
  body: string;
  attempts: number;
  first_attempt_at: unknown;
}

const TABLE = 'wecom_card_outbox';

/** One queued `message/send` of a card. */
export interface OutboxEntry {
  id: number;
  taskId: string;
  integrationId: string;
  incidentId: string;
  /** The exact JSON to send, as stored. */
  body: string;
  attempts: number;
  /** When the first attempt started: WeCom's duplicate window counts from here. */
  firstAttemptAt: DateTime;
}

/**
 * The outbox of card sends. Each replica drains it; a conditional update
 * decides who sends a row, and a claim older than {@link CLAIM_TIMEOUT} is
 * taken over (its replica crashed between claim and send, or mid-send:
 * the identical JSON then meets WeCom's duplicate check).
 */
export class OutboxStore {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    /** `wecom.notifications.outbox.claimTimeoutSeconds`; only claiming reads it. */
    private readonly claimTimeout: Duration = CLAIM_TIMEOUT,
  ) {}

  async insert(entry: {
    taskId: string;
    integrationId: string;
    incidentId: string;
    body: string;
    now: DateTime;
    /** Not before (a digest waits for more incidents); default now. */
    availableAt?: DateTime;
  }): Promise<void> {
    await this.db(TABLE).insert({
      task_id: entry.taskId,
      integration_id: entry.integrationId,
      incident_id: entry.incidentId,
      body: entry.body,
      status: 'pending',
      attempts: 0,
      available_at: writeTimestamp(entry.availableAt ?? entry.now),
      created_at: writeTimestamp(entry.now),
    });
  }

  /** Claims up to `limit` due sends (pending, or claimed by a replica that went quiet). */
  async claim(
    workerId: string,
    now: DateTime,
    limit = 10,
  ): Promise<OutboxEntry[]> {
    const rows = await claimDueRows<OutboxRow>(this.db, {
      table: TABLE,
      claimedStatus: 'sending',
      workerId,
      now,
      claimTimeout: this.claimTimeout,
      limit,
      readColumns: ['first_attempt_at'],
      onClaim: candidate => ({
        first_attempt_at: candidate.first_attempt_at ?? writeTimestamp(now),
      }),
    });
    return rows.map(row => ({
      id: Number(row.id),
      taskId: row.task_id,
      integrationId: row.integration_id,
      incidentId: row.incident_id,
      body: row.body,
      attempts: row.attempts,
      firstAttemptAt: readTimestamp(row.first_attempt_at)!,
    }));
  }

  /** WeCom took it: final, whoever holds the claim now. */
  async markSent(id: number, now: DateTime): Promise<void> {
    await this.db(TABLE)
      .where({ id })
      .update({
        status: 'sent',
        finished_at: writeTimestamp(now),
        claimed_by: null,
        claimed_at: null,
        last_error: null,
      });
  }

  /**
   * Gives up on a send. Only while this worker holds the claim and no
   * other replica recorded it as sent meanwhile; false otherwise.
   */
  async markFailed(
    id: number,
    workerId: string,
    reason: string,
    now: DateTime,
  ): Promise<boolean> {
    const changed = await this.db(TABLE)
      .where({ id, status: 'sending', claimed_by: workerId })
      .update({
        status: 'failed',
        finished_at: writeTimestamp(now),
        claimed_by: null,
        claimed_at: null,
        last_error: reason.slice(0, 2000),
      });
    return changed === 1;
  }

  /** Schedules another attempt (same claim rules as {@link markFailed}). */
  async retryAt(
    id: number,
    workerId: string,
    error: string,
    at: DateTime,
  ): Promise<void> {
    await this.#release(id, workerId, error, at, {});
  }

  /**
   * Holds a send back until `at` without counting the attempt: when no
   * earlier attempt was made (`neverSent`), the row forgets its first
   * attempt too, so a card held back for hours is not given up on for the
   * age of an attempt that never reached WeCom.
   */
  async deferTo(
    id: number,
    workerId: string,
    reason: string,
    at: DateTime,
    neverSent: boolean,
  ): Promise<void> {
    await this.#release(
      id,
      workerId,
      reason,
      at,
      neverSent
        ? { attempts: this.db.raw('attempts - 1'), first_attempt_at: null }
        : {},
    );
  }

  /**
   * Splits a claimed send that never reached WeCom: the row keeps its task
   * with `nowBody`, due at once with no attempt counted (as
   * {@link deferTo} with `neverSent`), and a new row sends `laterBody`
   * under `laterTaskId` from `at`. False, changing nothing, once this worker
   * no longer holds the claim.
   */
  async splitOff(input: {
    entry: OutboxEntry;
    workerId: string;
    nowBody: string;
    laterTaskId: string;
    laterBody: string;
    reason: string;
    at: DateTime;
    now: DateTime;
  }): Promise<boolean> {
    const { entry, workerId, now } = input;
    const changed = await this.db(TABLE)
      .where({ id: entry.id, status: 'sending', claimed_by: workerId })
      .update({
        body: input.nowBody,
        status: 'pending',
        available_at: writeTimestamp(now),
        claimed_by: null,
        claimed_at: null,
        last_error: null,
        attempts: this.db.raw('attempts - 1'),
        first_attempt_at: null,
      });
    if (changed !== 1) return false;
    await this.db(TABLE).insert({
      task_id: input.laterTaskId,
      integration_id: entry.integrationId,
      incident_id: entry.incidentId,
      body: input.laterBody,
      status: 'pending',
      attempts: 0,
      available_at: writeTimestamp(input.at),
      created_at: writeTimestamp(now),
      last_error: input.reason.slice(0, 2000),
    });
    return true;
  }

  /**
   * Replaces the body of a send WeCom never saw (a digest rendered as it
   * is sealed), while this worker holds the claim; false otherwise. Later
   * attempts send these exact bytes.
   */
  async storeBody(
    id: number,
    workerId: string,
    body: string,
  ): Promise<boolean> {
    const updated = await this.db(TABLE)
      .where({ id, status: 'sending', claimed_by: workerId })
      .update({ body });
    return updated === 1;
  }

  /** Back to pending until `at`, while this worker still holds the claim. */
  async #release(
    id: number,
    workerId: string,
    reason: string,
    at: DateTime,
    extra: object,
  ) {
    await this.db(TABLE)
      .where({ id, status: 'sending', claimed_by: workerId })
      .update({
        status: 'pending',
        available_at: writeTimestamp(at),
        claimed_by: null,
        claimed_at: null,
        last_error: reason.slice(0, 2000),
        ...extra,
      });
  }

  /** For tests and health: the row of a card's send. */
  async get(taskId: string) {
    const row = await this.db(TABLE).where({ task_id: taskId }).first();
    if (!row) return undefined;
    return {
      status: row.status as 'pending' | 'sending' | 'sent' | 'failed',
      body: row.body as string,
      attempts: Number(row.attempts),
      lastError: (row.last_error ?? undefined) as string | undefined,
      firstAttemptAt: readTimestamp(row.first_attempt_at),
      availableAt: readTimestamp(row.available_at)!,
    };
  }
}

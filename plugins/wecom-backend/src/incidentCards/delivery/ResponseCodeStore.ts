import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createHash } from 'node:crypto';
import { readTimestamp, writeTimestamp } from '../../database/time';
import { RESPONSE_CODE_LIFETIME, RESPONSE_CODE_SAFETY_MARGIN } from './policy';

const TABLE = 'wecom_card_response_codes';

/** A response code of a card: from its send, or from a click on it. */
export interface ResponseCode {
  id: number;
  code: string;
  taskId: string;
  integrationId: string;
  source: 'send' | 'click';
  obtainedAt: DateTime;
  spentAt?: DateTime;
  spentFor?: string;
  /** A click's action was done already (a retried callback must not redo it). */
  handledAt?: DateTime;
}

/** What a spent code was spent on, or why it was given up. */
export type SpentFor =
  | 'status'
  | 'refresh'
  | 'answer'
  | 'linkHint'
  | 'refused'
  | 'failed';

/** Marks a code taken for an update whose outcome is not known yet. */
const IN_FLIGHT = 'inFlight';

const hashOf = (code: string) =>
  createHash('sha256').update(code).digest('hex');

function toCode(row: any): ResponseCode {
  return {
    id: Number(row.id),
    code: row.code,
    taskId: row.task_id,
    integrationId: row.integration_id,
    source: row.source,
    obtainedAt: readTimestamp(row.obtained_at)!,
    spentAt: readTimestamp(row.spent_at),
    spentFor: row.spent_for ?? undefined,
    handledAt: readTimestamp(row.handled_at),
  };
}

/**
 * WeCom's 72-hour rule, kept: a code is spent at most once (taken by a
 * conditional update on `spent_at IS NULL`), and never when it is older
 * than 72 hours less a safety margin by the time we would spend it.
 */
export class ResponseCodeStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /** Records a code; a code seen before (a repeated callback) keeps its row. */
  async record(code: {
    code: string;
    taskId: string;
    integrationId: string;
    source: 'send' | 'click';
    obtainedAt: DateTime;
  }): Promise<ResponseCode> {
    const codeHash = hashOf(code.code);
    await this.db(TABLE)
      .insert({
        code_hash: codeHash,
        code: code.code,
        task_id: code.taskId,
        integration_id: code.integrationId,
        source: code.source,
        obtained_at: writeTimestamp(code.obtainedAt),
      })
      .onConflict('code_hash')
      .ignore();
    return toCode(await this.db(TABLE).where({ code_hash: codeHash }).first());
  }

  /** The oldest moment a code may have been obtained and still be spent now. */
  static spendableSince(now: DateTime): DateTime {
    return now.minus(RESPONSE_CODE_LIFETIME).plus(RESPONSE_CODE_SAFETY_MARGIN);
  }

  /** Takes this code for an update, if it is unspent and young enough. */
  async take(id: number, now: DateTime): Promise<ResponseCode | undefined> {
    const won = await this.db(TABLE)
      .where({ id })
      .whereNull('spent_at')
      .andWhere(
        'obtained_at',
        '>',
        writeTimestamp(ResponseCodeStore.spendableSince(now)),
      )
      .update({ spent_at: writeTimestamp(now), spent_for: IN_FLIGHT });
    if (won !== 1) return undefined;
    return toCode(await this.db(TABLE).where({ id }).first());
  }

  /**
   * Takes the most recently received unspent, unexpired code of a card.
   * Received order, not WeCom's timestamps: a click's CreateTime has whole
   * seconds and may look older than a send answered in the same second, yet
   * the click that caused a change must be the code that shows it.
   */
  async takeNewest(
    taskId: string,
    now: DateTime,
  ): Promise<ResponseCode | undefined> {
    const candidates = await this.db(TABLE)
      .where({ task_id: taskId })
      .whereNull('spent_at')
      .andWhere(
        'obtained_at',
        '>',
        writeTimestamp(ResponseCodeStore.spendableSince(now)),
      )
      .orderBy('id', 'desc')
      .select('id');
    for (const { id } of candidates) {
      const taken = await this.take(Number(id), now);
      if (taken) return taken;
    }
    return undefined;
  }

  /** The update went through (or WeCom refused the code): it is never taken again. */
  async markSpent(id: number, spentFor: SpentFor, error?: string) {
    await this.db(TABLE)
      .where({ id })
      .update({ spent_for: spentFor, error: error?.slice(0, 2000) ?? null });
  }

  /**
   * The update failed before WeCom could have used the code (or we cannot
   * tell): it may be taken again. Should WeCom have used it after all, the
   * next attempt gets the "code used" refusal and moves on.
   */
  async release(id: number): Promise<void> {
    await this.db(TABLE)
      .where({ id, spent_for: IN_FLIGHT })
      .update({ spent_at: null, spent_for: null });
  }

  async markHandled(id: number, now: DateTime): Promise<void> {
    await this.db(TABLE)
      .where({ id })
      .update({ handled_at: writeTimestamp(now) });
  }

  async listForCard(taskId: string): Promise<ResponseCode[]> {
    const rows = await this.db(TABLE).where({ task_id: taskId }).orderBy('id');
    return rows.map(toCode);
  }
}

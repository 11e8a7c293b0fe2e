import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { readTimestamp, writeTimestamp } from '../database/time';
import { EscalationStep } from './EscalationPolicy';
import { PolicySnapshot } from './policyRun';

const TABLE = 'wecom_escalation_timers';

/** How long a claimed timer may stay unfinished before another drain retakes it. */
export const CLAIM_TIMEOUT = Duration.fromObject({ minutes: 5 });

/** A due (or future) notification of an incident's escalation run. */
export interface EscalationTimer extends EscalationStep {
  id: number;
  incidentId: string;
  integrationId: string;
  runStartedAt: DateTime;
  /** How many times it was claimed; the claim that owns it holds this number. */
  claims: number;
  /** The stored policy the run started with; absent: `wecom.escalation`. */
  policy?: PolicySnapshot;
}

export type EscalationOutcome = 'fired' | 'cancelled' | 'skipped' | 'failed';

/**
 * Escalation timers in the plugin's database. An incident has at most one
 * pending timer; firing one schedules its successor in the same transaction,
 * and a conditional update decides which drain owns a due timer, so each
 * fires once across replicas.
 */
export class EscalationTimerStore {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => DateTime = () => DateTime.utc(),
  ) {}

  /**
   * Starts a run over: cancels the incident's pending timer, adds `next`,
   * which carries the run's policy snapshot (if any) to its successors.
   */
  async restart(
    incidentId: string,
    integrationId: string,
    runStartedAt: DateTime,
    next: EscalationStep | undefined,
    policy?: PolicySnapshot,
  ): Promise<void> {
    await this.knex.transaction(async trx => {
      await this.cancelIn(trx, incidentId);
      if (next) {
        await this.insert(trx, {
          incidentId,
          integrationId,
          runStartedAt,
          step: next,
          policy,
        });
      }
    });
  }

  /** Cancels the incident's pending timer (claimed or not); answers how many. */
  async cancel(incidentId: string): Promise<number> {
    return this.cancelIn(this.knex, incidentId);
  }

  /** Claims up to `limit` due timers for `workerId`. */
  async claimDue(workerId: string, limit = 50): Promise<EscalationTimer[]> {
    const now = this.now();
    const due = await this.knex(TABLE)
      .whereNull('done_at')
      .andWhere('due_at', '<=', writeTimestamp(now))
      .andWhere(q =>
        q
          .whereNull('claimed_at')
          .orWhere('claimed_at', '<', writeTimestamp(now.minus(CLAIM_TIMEOUT))),
      )
      .orderBy('due_at')
      .orderBy('id')
      .limit(limit)
      .select('id', 'claims');

    const claimed: EscalationTimer[] = [];
    for (const candidate of due) {
      // Only the drain that still sees the same claim count wins the row.
      const won = await this.knex(TABLE)
        .where({ id: candidate.id, claims: candidate.claims })
        .whereNull('done_at')
        .update({
          claims: candidate.claims + 1,
          claimed_by: workerId,
          claimed_at: writeTimestamp(now),
        });
      if (won === 1) {
        const row = await this.knex(TABLE).where({ id: candidate.id }).first();
        claimed.push(toTimer(row));
      }
    }
    return claimed;
  }

  /**
   * Finishes a claimed timer and schedules `next`, unless the claim was lost
   * (the run was cancelled or restarted meanwhile, or another drain retook
   * it): then nothing changes and the answer is false.
   */
  async finish(
    timer: EscalationTimer,
    outcome: EscalationOutcome,
    next?: EscalationStep,
  ): Promise<boolean> {
    return this.knex.transaction(async trx => {
      const updated = await trx(TABLE)
        .where({ id: timer.id, claims: timer.claims })
        .whereNull('done_at')
        .update({ done_at: writeTimestamp(this.now()), outcome });
      if (updated !== 1) return false;
      if (next) {
        await this.insert(trx, {
          incidentId: timer.incidentId,
          integrationId: timer.integrationId,
          runStartedAt: timer.runStartedAt,
          step: next,
          policy: timer.policy,
        });
      }
      return true;
    });
  }

  /** The incident's pending timer, if any (for the UI and tests). */
  async pending(incidentId: string): Promise<EscalationTimer | undefined> {
    const row = await this.knex(TABLE)
      .where({ incident_id: incidentId })
      .whereNull('done_at')
      .orderBy('due_at')
      .first();
    return row ? toTimer(row) : undefined;
  }

  /** Deletes finished timers older than `olderThan`. */
  async prune(olderThan: DateTime): Promise<number> {
    return this.knex(TABLE)
      .whereNotNull('done_at')
      .andWhere('done_at', '<', writeTimestamp(olderThan))
      .delete();
  }

  private async cancelIn(db: Knex, incidentId: string): Promise<number> {
    return db(TABLE)
      .where({ incident_id: incidentId })
      .whereNull('done_at')
      .update({ done_at: writeTimestamp(this.now()), outcome: 'cancelled' });
  }

  private async insert(
    db: Knex,
    timer: {
      incidentId: string;
      integrationId: string;
      runStartedAt: DateTime;
      step: EscalationStep;
      policy?: PolicySnapshot;
    },
  ): Promise<void> {
    await db(TABLE).insert({
      incident_id: timer.incidentId,
      integration_id: timer.integrationId,
      level: timer.step.level,
      round: timer.step.round,
      run_started_at: writeTimestamp(timer.runStartedAt),
      due_at: writeTimestamp(timer.step.dueAt),
      claims: 0,
      created_at: writeTimestamp(this.now()),
      // Only runs of a stored policy write the column.
      ...(timer.policy ? { policy: JSON.stringify(timer.policy) } : {}),
    });
  }
}

function toTimer(row: Record<string, unknown>): EscalationTimer {
  return {
    id: Number(row.id),
    incidentId: String(row.incident_id),
    integrationId: String(row.integration_id),
    level: Number(row.level),
    round: Number(row.round),
    runStartedAt: readTimestamp(row.run_started_at)!,
    dueAt: readTimestamp(row.due_at)!,
    claims: Number(row.claims),
    ...(row.policy ? { policy: JSON.parse(String(row.policy)) } : {}),
  };
}

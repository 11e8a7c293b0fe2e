import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { claimDueRows } from '../database/claimDueRows';
import { readTimestamp, writeTimestamp } from '../database/time';
import { SecretSealer } from './sealing';

const TABLE = 'wecom_suite_auth_codes';
/** The status of a code a replica holds the claim of. */
const CLAIMED = 'exchanging';
const ENDED: AuthCodeOutcome[] = ['done', 'failed', 'expired'];

/** A row of the table, as `claimDueRows` answers it. */
interface AuthCodeRow {
  id: number;
  suite_id: string;
  info_type: AuthCodeInstruction;
  sealed_auth_code: string | null;
  instruction_at: unknown;
  received_at: unknown;
  attempts: number;
}

/** The instructions whose AuthCode is exchanged with get_permanent_code. */
export type AuthCodeInstruction = 'create_auth' | 'reset_permanent_code';

/** How a recorded auth code ended. */
export type AuthCodeOutcome = 'done' | 'failed' | 'expired';

/** An auth code one replica holds the claim of. */
export interface ClaimedAuthCode {
  id: number;
  suiteId: string;
  infoType: AuthCodeInstruction;
  authCode: string;
  /** The instruction's TimeStamp. */
  instructionAt: DateTime;
  receivedAt: DateTime;
  /** Exchanges tried before this one. */
  attempts: number;
  claim: string;
}

/** What the store says of a recorded code (no secret). */
export interface AuthCodeRecord {
  suiteId: string;
  infoType: AuthCodeInstruction;
  /** `exchanging` while a replica holds the claim. */
  status: 'pending' | typeof CLAIMED | AuthCodeOutcome;
  attempts: number;
  corpId?: string;
  lastError?: string;
}

/**
 * The auth codes of create_auth and reset_permanent_code, recorded before
 * WeCom gets its answer and exchanged afterwards (page 90642: answer within
 * 1000 ms, "先记录下AuthCode,并立即回应企业微信"). Rows live in the plugin
 * database so a replica that dies between answering and exchanging leaves
 * the code to another; they are claimed like the outbox's rows
 * ({@link claimDueRows}), which gives each code to one replica at a time,
 * since the code can be spent only once (page 90603).
 */
export class SuiteAuthCodeStore {
  constructor(
    private readonly knex: Knex,
    private readonly sealer: () => SecretSealer,
    private readonly now: () => DateTime = () => DateTime.utc(),
  ) {}

  /**
   * Records a code once; WeCom's repeat of the instruction (or a replay
   * within the signature's window) finds the row and adds nothing.
   * Returns whether this call recorded it.
   */
  async record(code: {
    suiteId: string;
    infoType: AuthCodeInstruction;
    authCode: string;
    instructionAt: DateTime;
  }): Promise<boolean> {
    const inserted: unknown[] = await this.knex(TABLE)
      .insert({
        suite_id: code.suiteId,
        code_digest: digestOf(code.authCode),
        info_type: code.infoType,
        sealed_auth_code: this.sealer().seal(
          code.authCode,
          sealingContext(code.suiteId),
        ),
        instruction_at: writeTimestamp(code.instructionAt),
        received_at: writeTimestamp(this.now()),
        status: 'pending',
        available_at: writeTimestamp(this.now()),
        attempts: 0,
      })
      .onConflict(['suite_id', 'code_digest'])
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  /**
   * Claims the pending codes nobody holds, or whose holder went quiet
   * before `staleBefore` (a replica that died mid-exchange). Each claim is
   * a conditional update: two replicas never hold one code.
   */
  /**
   * During a rolling upgrade, replicas still on the code before the
   * `20261207110000_suite_auth_code_claims` migration record codes without
   * `available_at` and claim them by `claimed_by` alone, leaving them
   * `pending`. Such a row would never be due (NULL is never `<=` now) or
   * would look free while that replica spends it: bring both into this
   * code's form, so a waiting code is claimed and a held one keeps its
   * claim until it goes stale.
   */
  private async adoptOlderReplicasRows(): Promise<void> {
    await this.knex(TABLE)
      .whereNull('available_at')
      .update({ available_at: this.knex.ref('received_at') });
    await this.knex(TABLE)
      .where({ status: 'pending' })
      .whereNotNull('claimed_by')
      .update({ status: CLAIMED });
  }

  async claimDue(
    claim: string,
    staleBefore: DateTime,
    limit = 20,
  ): Promise<ClaimedAuthCode[]> {
    const now = this.now();
    await this.adoptOlderReplicasRows();
    const rows = await claimDueRows<AuthCodeRow>(this.knex, {
      table: TABLE,
      claimedStatus: CLAIMED,
      workerId: claim,
      now,
      claimTimeout: now.diff(staleBefore),
      limit,
    });
    return rows
      .filter(row => row.sealed_auth_code)
      .map(row => ({
        id: Number(row.id),
        suiteId: row.suite_id,
        infoType: row.info_type,
        authCode: this.sealer().open(
          row.sealed_auth_code!,
          sealingContext(row.suite_id),
        ),
        instructionAt: readTimestamp(row.instruction_at)!,
        receivedAt: readTimestamp(row.received_at)!,
        // The claim counted this exchange already.
        attempts: Number(row.attempts) - 1,
        claim,
      }));
  }

  /**
   * Renews the claim just before the code is spent: a batch is claimed at
   * once, so without this a code waiting behind slow exchanges would look
   * abandoned to another replica. False once another replica took it.
   */
  async renew(code: ClaimedAuthCode): Promise<boolean> {
    const changed = await this.knex(TABLE)
      .where({ id: code.id, claimed_by: code.claim, status: CLAIMED })
      .update({ claimed_at: writeTimestamp(this.now()) });
    return changed > 0;
  }

  /** Ends a claimed code; the code itself is forgotten. */
  async finish(
    code: ClaimedAuthCode,
    outcome: AuthCodeOutcome,
    details: { corpId?: string; error?: string } = {},
  ): Promise<void> {
    await this.knex(TABLE)
      .where({ id: code.id, claimed_by: code.claim })
      .update({
        status: outcome,
        attempts: code.attempts + 1,
        sealed_auth_code: null,
        corp_id: details.corpId ?? null,
        last_error: details.error ?? null,
        finished_at: writeTimestamp(this.now()),
        claimed_by: null,
        claimed_at: null,
      });
  }

  /** Gives a claimed code back for the next pass (no answer from WeCom). */
  async release(code: ClaimedAuthCode, error: string): Promise<void> {
    await this.knex(TABLE)
      .where({ id: code.id, claimed_by: code.claim })
      .update({
        status: 'pending',
        available_at: writeTimestamp(this.now()),
        attempts: code.attempts + 1,
        last_error: error,
        claimed_by: null,
        claimed_at: null,
      });
  }

  /** What became of a code (tests and support); no secret. */
  async find(
    suiteId: string,
    authCode: string,
  ): Promise<AuthCodeRecord | undefined> {
    const row = await this.knex(TABLE)
      .where({ suite_id: suiteId, code_digest: digestOf(authCode) })
      .first();
    if (!row) return undefined;
    return {
      suiteId: row.suite_id,
      infoType: row.info_type,
      status: row.status,
      attempts: Number(row.attempts),
      corpId: row.corp_id ?? undefined,
      lastError: row.last_error ?? undefined,
    };
  }

  /** Drops ended codes finished before `olderThan`. */
  async prune(olderThan: DateTime): Promise<void> {
    await this.knex(TABLE)
      .whereIn('status', ENDED)
      .andWhere('finished_at', '<', writeTimestamp(olderThan))
      .delete();
  }
}

function digestOf(authCode: string): string {
  return createHash('sha256').update(authCode).digest('hex');
}

function sealingContext(suiteId: string): string {
  return `suite:${suiteId}:auth-code`;
}

import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { readTimestamp, writeTimestamp } from '../database/time';
import { WeComSuiteCredentials } from '../connector';
import { SecretSealer } from './sealing';
import { WeComSuiteConfig } from './types';

/** The visible range a corp authorized the app for (privilege, page 90603). */
export interface SuiteAuthScope {
  allowParty?: number[];
  allowUser?: string[];
  allowTag?: number[];
}

/** What the corp's authorization says, without its secret. */
export interface SuiteAuthorization {
  suiteId: string;
  corpId: string;
  corpName?: string;
  /** The app's agent id in the corp (`auth_info.agent[0].agentid`). */
  agentId?: number;
  scope?: SuiteAuthScope;
  authorizedAt?: DateTime;
  /** Set once the corp removed the app (cancel_auth). */
  cancelledAt?: DateTime;
  /**
   * The TimeStamp of the instruction that last set the permanent code or
   * cancelled the authorization; older instructions are ignored.
   */
  instructionAt?: DateTime;
}

/** A permanent code WeCom handed out, with the authorization it came with. */
export interface SuitePermanentCodeGrant {
  permanentCode: string;
  corpName?: string;
  agentId?: number;
  scope?: SuiteAuthScope;
}

/**
 * What WeCom pushes to a third-party suite: the suite_ticket (every ten
 * minutes) and, when a corp installs the suite, its permanent code. Both
 * are secrets, sealed like the integrations' own.
 */
export class SuiteStore {
  constructor(
    private readonly knex: Knex,
    private readonly sealer: () => SecretSealer,
  ) {}

  /** What the connector needs of a suite: its secret and what WeCom pushed. */
  credentialsFor(suite: WeComSuiteConfig): WeComSuiteCredentials {
    return {
      suiteId: suite.suiteId,
      suiteSecret: suite.suiteSecret,
      getSuiteTicket: () => this.getTicket(suite.suiteId),
      getPermanentCode: corpId => this.getPermanentCode(suite.suiteId, corpId),
      getAuthorization: corpId => this.getAuthorization(suite.suiteId, corpId),
    };
  }

  async saveTicket(suiteId: string, ticket: string): Promise<void> {
    const values = {
      sealed_ticket: this.sealer().seal(ticket, `suite:${suiteId}`),
      received_at: writeTimestamp(DateTime.utc()),
    };
    await this.knex('wecom_suite_tickets')
      .insert({ suite_id: suiteId, ...values })
      .onConflict('suite_id')
      .merge(values);
  }

  async getTicket(suiteId: string): Promise<string | undefined> {
    const row = await this.knex('wecom_suite_tickets')
      .where({ suite_id: suiteId })
      .first();
    return row
      ? this.sealer().open(row.sealed_ticket, `suite:${suiteId}`)
      : undefined;
  }

  /**
   * create_auth: a new permanent code; a cancelled authorization is live
   * again. Applied only when the instruction is not older than the one that
   * last set or cancelled the authorization (`instructionAt`, its
   * TimeStamp): an exchange that finished late never undoes a later cancel.
   * Returns whether it was applied.
   */
  async saveAuthorization(
    suiteId: string,
    corpId: string,
    authorization: SuitePermanentCodeGrant,
    instructionAt: DateTime,
  ): Promise<boolean> {
    const values = {
      corp_name: authorization.corpName ?? null,
      sealed_permanent_code: this.sealPermanentCode(
        suiteId,
        corpId,
        authorization.permanentCode,
      ),
      agent_id: authorization.agentId ?? null,
      auth_scope: authorization.scope
        ? JSON.stringify(authorization.scope)
        : null,
      authorized_at: writeTimestamp(DateTime.utc()),
      cancelled_at: null,
    };
    return this.applyIfNotOlder(suiteId, corpId, instructionAt, values, values);
  }

  /**
   * reset_permanent_code: the live authorization's permanent code replaced
   * by the new one (pages 94758, 97175). A cancelled authorization is left
   * alone; one not stored yet is stored. Returns whether it was applied.
   */
  async replacePermanentCode(
    suiteId: string,
    corpId: string,
    update: SuitePermanentCodeGrant,
    instructionAt: DateTime,
  ): Promise<boolean> {
    const changed = await this.live(suiteId, corpId)
      .where(notNewerThan(instructionAt))
      .update({
        sealed_permanent_code: this.sealPermanentCode(
          suiteId,
          corpId,
          update.permanentCode,
        ),
        instruction_at: writeTimestamp(instructionAt),
        ...(update.corpName !== undefined && { corp_name: update.corpName }),
        ...(update.agentId !== undefined && { agent_id: update.agentId }),
        ...(update.scope && { auth_scope: JSON.stringify(update.scope) }),
      });
    if (changed > 0) return true;
    // No row at all: the corp's create_auth may still wait for its exchange
    // (a retry after no answer). The reset's code is the valid one; stored
    // with its later TimeStamp, the older install's code cannot replace it.
    const row = await this.knex('wecom_suite_authorizations')
      .where({ suite_id: suiteId, corp_id: corpId })
      .first('corp_id');
    if (row) return false;
    return this.saveAuthorization(suiteId, corpId, update, instructionAt);
  }

  /**
   * change_auth: the agent and scope as get_auth_info answers them now;
   * only a live authorization not authorized after the instruction.
   */
  async updateAuthorization(
    suiteId: string,
    corpId: string,
    update: { corpName?: string; agentId?: number; scope?: SuiteAuthScope },
    instructionAt: DateTime,
  ): Promise<void> {
    await this.live(suiteId, corpId)
      .where(notNewerThan(instructionAt))
      .update({
        // An answer without an agent or scope keeps what we have: a field
        // missing from get_auth_info must not disable the integration.
        ...(update.corpName !== undefined && { corp_name: update.corpName }),
        ...(update.agentId !== undefined && { agent_id: update.agentId }),
        ...(update.scope && { auth_scope: JSON.stringify(update.scope) }),
      });
  }

  /**
   * cancel_auth: the permanent code is useless now and is forgotten; the
   * row stays so the integration can say why it stopped. Repeats are
   * no-ops, and a cancel older than the live authorization (a late retry or
   * a replay after the corp installed the app again) changes nothing.
   * Returns whether it was applied.
   */
  async cancelAuthorization(
    suiteId: string,
    corpId: string,
    instructionAt: DateTime,
  ): Promise<boolean> {
    const at = writeTimestamp(DateTime.utc());
    return this.applyIfNotOlder(
      suiteId,
      corpId,
      instructionAt,
      { sealed_permanent_code: null, authorized_at: at, cancelled_at: at },
      {
        sealed_permanent_code: null,
        cancelled_at: this.knex.raw(
          'COALESCE(wecom_suite_authorizations.cancelled_at, ?)',
          [at],
        ),
      },
    );
  }

  /**
   * Inserts the corp's row or updates it, unless it was last set by a newer
   * instruction. Update, insert-if-absent, update again: each statement is
   * atomic, so a replica racing on the same corp cannot slip an older
   * instruction past a newer one.
   */
  private async applyIfNotOlder(
    suiteId: string,
    corpId: string,
    instructionAt: DateTime,
    insertValues: Record<string, unknown>,
    updateValues: Record<string, unknown>,
  ): Promise<boolean> {
    const key = { suite_id: suiteId, corp_id: corpId };
    const stamp = writeTimestamp(instructionAt);
    const update = () =>
      this.knex('wecom_suite_authorizations')
        .where(key)
        .where(notNewerThan(instructionAt))
        .update({ ...updateValues, instruction_at: stamp });
    if ((await update()) > 0) return true;
    await this.knex('wecom_suite_authorizations')
      .insert({ ...key, ...insertValues, instruction_at: stamp })
      .onConflict(['suite_id', 'corp_id'])
      .ignore();
    return (await update()) > 0;
  }

  private live(suiteId: string, corpId: string) {
    return this.knex('wecom_suite_authorizations')
      .where({ suite_id: suiteId, corp_id: corpId })
      .whereNull('cancelled_at');
  }

  private sealPermanentCode(suiteId: string, corpId: string, code: string) {
    return this.sealer().seal(code, `suite:${suiteId}:${corpId}`);
  }

  async getAuthorization(
    suiteId: string,
    corpId: string,
  ): Promise<SuiteAuthorization | undefined> {
    const row = await this.knex('wecom_suite_authorizations')
      .where({ suite_id: suiteId, corp_id: corpId })
      .first();
    if (!row) return undefined;
    return {
      suiteId,
      corpId,
      corpName: row.corp_name ?? undefined,
      agentId: row.agent_id ?? undefined,
      scope: row.auth_scope ? JSON.parse(row.auth_scope) : undefined,
      authorizedAt: readTimestamp(row.authorized_at),
      cancelledAt: readTimestamp(row.cancelled_at),
      instructionAt: readTimestamp(row.instruction_at),
    };
  }

  async getPermanentCode(
    suiteId: string,
    corpId: string,
  ): Promise<string | undefined> {
    const row = await this.knex('wecom_suite_authorizations')
      .where({ suite_id: suiteId, corp_id: corpId })
      .first();
    return row?.sealed_permanent_code && !row.cancelled_at
      ? this.sealer().open(
          row.sealed_permanent_code,
          `suite:${suiteId}:${corpId}`,
        )
      : undefined;
  }
}

/** Rows no newer instruction has set: never set, or set at or before `at`. */
function notNewerThan(at: DateTime) {
  const stamp = writeTimestamp(at);
  return (q: Knex.QueryBuilder) =>
    q.whereNull('instruction_at').orWhere('instruction_at', '<=', stamp);
}

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

  /** create_auth: a new permanent code; a cancelled authorization is live again. */
  async saveAuthorization(
    suiteId: string,
    corpId: string,
    authorization: {
      permanentCode: string;
      corpName?: string;
      agentId?: number;
      scope?: SuiteAuthScope;
    },
  ): Promise<void> {
    const values = {
      corp_name: authorization.corpName ?? null,
      sealed_permanent_code: this.sealer().seal(
        authorization.permanentCode,
        `suite:${suiteId}:${corpId}`,
      ),
      agent_id: authorization.agentId ?? null,
      auth_scope: authorization.scope
        ? JSON.stringify(authorization.scope)
        : null,
      authorized_at: writeTimestamp(DateTime.utc()),
      cancelled_at: null,
    };
    await this.knex('wecom_suite_authorizations')
      .insert({ suite_id: suiteId, corp_id: corpId, ...values })
      .onConflict(['suite_id', 'corp_id'])
      .merge(values);
  }

  /** change_auth: the agent and scope as get_auth_info answers them now. */
  async updateAuthorization(
    suiteId: string,
    corpId: string,
    update: { corpName?: string; agentId?: number; scope?: SuiteAuthScope },
  ): Promise<void> {
    await this.knex('wecom_suite_authorizations')
      .where({ suite_id: suiteId, corp_id: corpId })
      .whereNull('cancelled_at')
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
   * row stays so the integration can say why it stopped. Repeats are no-ops.
   */
  async cancelAuthorization(suiteId: string, corpId: string): Promise<void> {
    const at = writeTimestamp(DateTime.utc());
    await this.knex('wecom_suite_authorizations')
      .insert({
        suite_id: suiteId,
        corp_id: corpId,
        sealed_permanent_code: null,
        authorized_at: at,
        cancelled_at: at,
      })
      .onConflict(['suite_id', 'corp_id'])
      .merge({
        sealed_permanent_code: null,
        cancelled_at: this.knex.raw(
          'COALESCE(wecom_suite_authorizations.cancelled_at, ?)',
          [at],
        ),
      });
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

import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { writeTimestamp } from '../database/time';
import { WeComSuiteCredentials } from '../connector';
import { SecretSealer } from './sealing';
import { WeComSuiteConfig } from './types';

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

  async saveAuthorization(
    suiteId: string,
    corpId: string,
    permanentCode: string,
    corpName?: string,
  ): Promise<void> {
    const values = {
      corp_name: corpName ?? null,
      sealed_permanent_code: this.sealer().seal(
        permanentCode,
        `suite:${suiteId}:${corpId}`,
      ),
      authorized_at: writeTimestamp(DateTime.utc()),
    };
    await this.knex('wecom_suite_authorizations')
      .insert({ suite_id: suiteId, corp_id: corpId, ...values })
      .onConflict(['suite_id', 'corp_id'])
      .merge(values);
  }

  async getPermanentCode(
    suiteId: string,
    corpId: string,
  ): Promise<string | undefined> {
    const row = await this.knex('wecom_suite_authorizations')
      .where({ suite_id: suiteId, corp_id: corpId })
      .first();
    return row
      ? this.sealer().open(
          row.sealed_permanent_code,
          `suite:${suiteId}:${corpId}`,
        )
      : undefined;
  }

  async removeAuthorization(suiteId: string, corpId: string): Promise<void> {
    await this.knex('wecom_suite_authorizations')
      .where({ suite_id: suiteId, corp_id: corpId })
      .delete();
  }
}

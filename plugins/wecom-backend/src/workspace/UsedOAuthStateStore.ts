import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { writeTimestamp } from '../database/time';

const TABLE = 'wecom_oauth_states';

/**
 * Makes each OAuth2 state single-use across replicas: the first callback
 * to record a nonce wins; the primary key refuses every later one.
 */
export class UsedOAuthStateStore {
  constructor(private readonly knex: Knex) {}

  /** True on the first use of the nonce, false on a replay. */
  async markUsed(state: {
    nonce: string;
    integrationId: string;
    expiresAt: DateTime;
  }): Promise<boolean> {
    const inserted = await this.knex(TABLE)
      .insert({
        nonce: state.nonce,
        integration_id: state.integrationId,
        expires_at: writeTimestamp(state.expiresAt),
      })
      .onConflict('nonce')
      .ignore()
      .returning('nonce');
    return inserted.length > 0;
  }

  /** Forgets states past their expiry: the signature refuses them anyway. */
  async prune(now: DateTime): Promise<number> {
    return this.knex(TABLE)
      .where('expires_at', '<', writeTimestamp(now))
      .delete();
  }
}

import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { readTimestamp, writeTimestamp } from '../database/time';

const TABLE = 'wecom_integration_state';

/** What the backend has seen of an integration's callbacks. */
export interface IntegrationState {
  callbackVerifiedAt?: DateTime;
  botVerifiedAt?: DateTime;
  lastCallbackAt?: DateTime;
}

/** Remembers when WeCom last reached each integration's callbacks. */
export class IntegrationStateStore {
  constructor(private readonly knex: Knex) {}

  async get(integrationId: string): Promise<IntegrationState> {
    const row = await this.knex(TABLE)
      .where({ integration_id: integrationId })
      .first();
    return {
      callbackVerifiedAt: readTimestamp(row?.callback_verified_at),
      botVerifiedAt: readTimestamp(row?.bot_verified_at),
      lastCallbackAt: readTimestamp(row?.last_callback_at),
    };
  }

  /** WeCom's "save" of the callback URL verified it against us. */
  markVerified(integrationId: string, kind: 'callback' | 'bot') {
    const column =
      kind === 'callback' ? 'callback_verified_at' : 'bot_verified_at';
    return this.upsert(integrationId, { [column]: now() });
  }

  markReceived(integrationId: string) {
    return this.upsert(integrationId, { last_callback_at: now() });
  }

  private async upsert(integrationId: string, values: Record<string, Date>) {
    await this.knex(TABLE)
      .insert({ integration_id: integrationId, ...values })
      .onConflict('integration_id')
      .merge(values);
  }
}

function now() {
  return writeTimestamp(DateTime.utc());
}

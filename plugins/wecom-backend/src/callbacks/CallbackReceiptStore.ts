import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { writeTimestamp } from '../database/time';

const TABLE = 'wecom_callback_receipts';

/**
 * De-duplicates callbacks across retries and replicas: the first replica to
 * record a key owns the callback; the database's primary key decides.
 */
export class CallbackReceiptStore {
  constructor(private readonly knex: Knex) {}

  /** True when this is the first time the key is seen. */
  async recordFirst(dedupKey: string, integrationId: string): Promise<boolean> {
    const inserted = await this.knex(TABLE)
      .insert({
        dedup_key: dedupKey,
        integration_id: integrationId,
        received_at: writeTimestamp(DateTime.utc()),
      })
      .onConflict('dedup_key')
      .ignore()
      .returning('dedup_key');
    return inserted.length > 0;
  }

  /** Forgets receipts older than WeCom's retry horizon. */
  async prune(olderThan: DateTime): Promise<number> {
    return this.knex(TABLE)
      .where('received_at', '<', writeTimestamp(olderThan))
      .delete();
  }
}

import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createHash } from 'node:crypto';
import { writeTimestamp } from '../database/time';
import { WriteBatcher } from '../database/WriteBatcher';

const TABLE = 'wecom_callback_receipts';

// The column's length; PostgreSQL refuses longer values and NUL characters.
const MAX_KEY_LENGTH = 128;

/**
 * The key as stored: as is when it fits the column, else its SHA-256. The
 * key comes from decrypted content (a MsgId, an EventKey), so its length
 * and characters are WeCom's to choose.
 */
export function storedDedupKey(dedupKey: string): string {
  if (dedupKey.length <= MAX_KEY_LENGTH && !dedupKey.includes('\0')) {
    return dedupKey;
  }
  return `sha256:${createHash('sha256').update(dedupKey).digest('hex')}`;
}

interface Receipt {
  dedupKey: string;
  integrationId: string;
}

/**
 * De-duplicates bot messages over the long connection (by msgid) across
 * redeliveries and replicas: the first replica to record a key owns the
 * message; the database's primary key decides. App callbacks are
 * de-duplicated on their job instead (`CallbackJobQueue.enqueueClaimedOnce`),
 * bot callbacks on their stream row (`BotStreamStore.createOnce`): one
 * statement each, so no failure can leave a message seen but unanswered.
 */
export class CallbackReceiptStore {
  // Concurrent callbacks are recorded with one statement.
  readonly #inserts = new WriteBatcher((receipts: Receipt[]) =>
    this.insertFirst(receipts),
  );

  constructor(private readonly knex: Knex) {}

  /** True when this is the first time the key is seen. */
  recordFirst(dedupKey: string, integrationId: string): Promise<boolean> {
    return this.#inserts.add({
      dedupKey: storedDedupKey(dedupKey),
      integrationId,
    });
  }

  private async insertFirst(receipts: Receipt[]): Promise<boolean[]> {
    const receivedAt = writeTimestamp(DateTime.utc());
    const inserted: Array<{ dedup_key: string }> = await this.knex(TABLE)
      .insert(
        receipts.map(receipt => ({
          dedup_key: receipt.dedupKey,
          integration_id: receipt.integrationId,
          received_at: receivedAt,
        })),
      )
      .onConflict('dedup_key')
      .ignore()
      .returning('dedup_key');
    // A key twice in one group: only its first occurrence is first.
    const fresh = new Set(inserted.map(row => row.dedup_key));
    return receipts.map(receipt => fresh.delete(receipt.dedupKey));
  }

  /** Forgets one key: the message was not answered after all. */
  async forget(dedupKey: string): Promise<void> {
    await this.knex(TABLE)
      .where({ dedup_key: storedDedupKey(dedupKey) })
      .delete();
  }

  /** Forgets receipts older than WeCom's retry horizon. */
  async prune(olderThan: DateTime): Promise<number> {
    return this.knex(TABLE)
      .where('received_at', '<', writeTimestamp(olderThan))
      .delete();
  }
}

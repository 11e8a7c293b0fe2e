import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { readTimestamp, writeTimestamp } from '../../../database/time';

const TABLE = 'wecom_bot_connection_locks';

/** The lease of one integration's long connection. */
export interface BotConnectionLease {
  holder: string;
  expiresAt: DateTime;
}

/**
 * Leases on the smart bot's long connection, one per integration, shared by
 * every replica through the database: WeCom keeps one WebSocket per bot, so
 * only the replica holding the lease opens it.
 */
export class BotConnectionLock {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => DateTime = () => DateTime.utc(),
  ) {}

  /**
   * Takes the lease, or renews it for its holder, until `ttl` from now.
   * True when `holder` has it. One statement (an upsert whose update only
   * applies to the holder's own or an expired lease), so two replicas
   * never both win.
   */
  async acquire(
    integrationId: string,
    holder: string,
    ttl: Duration,
  ): Promise<boolean> {
    const now = this.now();
    const won: Array<{ holder: string }> = await this.knex(TABLE)
      .insert({
        integration_id: integrationId,
        holder,
        expires_at: writeTimestamp(now.plus(ttl)),
      })
      .onConflict('integration_id')
      .merge(['holder', 'expires_at'])
      .where(q =>
        q
          .where(`${TABLE}.holder`, holder)
          .orWhere(`${TABLE}.expires_at`, '<=', writeTimestamp(now)),
      )
      .returning('holder');
    return won.length === 1;
  }

  /** Gives the lease up at once (on shutdown), if `holder` has it. */
  async release(integrationId: string, holder: string): Promise<void> {
    await this.knex(TABLE)
      .where({ integration_id: integrationId, holder })
      .delete();
  }

  /** Who holds the lease, even an expired one; for diagnostics and tests. */
  async lease(integrationId: string): Promise<BotConnectionLease | undefined> {
    const row = await this.knex(TABLE)
      .where({ integration_id: integrationId })
      .first();
    if (!row) return undefined;
    return { holder: row.holder, expiresAt: readTimestamp(row.expires_at)! };
  }
}

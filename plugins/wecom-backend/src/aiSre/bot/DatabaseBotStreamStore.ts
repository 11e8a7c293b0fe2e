import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { storedDedupKey } from '../../callbacks/CallbackReceiptStore';
import { readTimestamp, writeTimestamp } from '../../database/time';
import {
  BotStream,
  BotStreamStore,
  NewBotStream,
  UndeliveredAnswer,
} from './BotStreamStore';

const TABLE = 'wecom_bot_streams';

interface Row {
  stream_id: string;
  integration_id: string;
  msg_id: string;
  chat_key: string;
  from_user_id: string;
  content: string;
  /** SQLite answers 0/1. */
  finished: boolean | number;
  started_at: unknown;
  updated_at: unknown;
  heartbeat_at: unknown;
  owner: string;
  response_url: string | null;
  delivered_at: unknown;
  posted_at: unknown;
}

/** The bot's streams in the plugin's database (`wecom_bot_streams`). */
export class DatabaseBotStreamStore implements BotStreamStore {
  constructor(private readonly knex: Knex) {}

  async createOnce(
    stream: NewBotStream,
    now: DateTime,
  ): Promise<{ stream: BotStream; created: boolean }> {
    const at = writeTimestamp(now);
    const msgId = storedDedupKey(stream.msgId);
    // The unique (integration_id, msg_id) index decides between deliveries
    // of one message, on any replica.
    const inserted: Array<{ stream_id: string }> = await this.knex(TABLE)
      .insert({
        stream_id: stream.streamId,
        integration_id: stream.integrationId,
        msg_id: msgId,
        chat_key: stream.chatKey,
        from_user_id: stream.fromUserId,
        content: stream.content ?? '',
        finished: false,
        started_at: at,
        updated_at: at,
        heartbeat_at: at,
        owner: stream.owner,
        response_url: stream.responseUrl ?? null,
      })
      .onConflict(['integration_id', 'msg_id'])
      .ignore()
      .returning('stream_id');
    const row = await this.knex<Row>(TABLE)
      .where({ integration_id: stream.integrationId, msg_id: msgId })
      .first();
    if (!row) {
      // Inserted and pruned or discarded at once: nothing to answer from.
      throw new Error(`The stream of bot message ${msgId} vanished`);
    }
    return { stream: toStream(row), created: inserted.length === 1 };
  }

  async discard(streamId: string): Promise<void> {
    await this.knex(TABLE)
      .where({ stream_id: streamId, finished: false })
      .delete();
  }

  async get(
    integrationId: string,
    streamId: string,
  ): Promise<BotStream | undefined> {
    const row = await this.knex<Row>(TABLE)
      .where({ stream_id: streamId, integration_id: integrationId })
      .first();
    return row ? toStream(row) : undefined;
  }

  async write(
    streamId: string,
    content: string,
    finished: boolean,
    now: DateTime,
  ): Promise<boolean> {
    const at = writeTimestamp(now);
    const updated = await this.knex(TABLE)
      .where({ stream_id: streamId, finished: false })
      .update({ content, finished, updated_at: at, heartbeat_at: at });
    return updated === 1;
  }

  async heartbeat(streamIds: string[], now: DateTime): Promise<void> {
    if (streamIds.length === 0) return;
    await this.knex(TABLE)
      .whereIn('stream_id', streamIds)
      .andWhere({ finished: false })
      .update({ heartbeat_at: writeTimestamp(now) });
  }

  async finishStale(
    streamId: string,
    content: string,
    staleBefore: DateTime,
    now: DateTime,
  ): Promise<boolean> {
    const updated = await this.knex(TABLE)
      .where({ stream_id: streamId, finished: false })
      .andWhere('heartbeat_at', '<', writeTimestamp(staleBefore))
      .update({ content, finished: true, updated_at: writeTimestamp(now) });
    return updated === 1;
  }

  async countUnfinished(
    integrationId: string,
    fromUserId: string,
    aliveSince: DateTime,
  ): Promise<number> {
    const [{ n }] = await this.knex(TABLE)
      .where({
        integration_id: integrationId,
        from_user_id: fromUserId,
        finished: false,
      })
      .andWhere('heartbeat_at', '>=', writeTimestamp(aliveSince))
      .count({ n: '*' });
    return Number(n);
  }

  async markDelivered(streamId: string, now: DateTime): Promise<boolean> {
    // Mirrors claimResponseUrl's condition: of a refresh and a late post,
    // whichever updates the row first is the one that shows the answer.
    await this.knex(TABLE)
      .where({ stream_id: streamId, finished: true })
      .whereNull('delivered_at')
      .whereNull('posted_at')
      .update({ delivered_at: writeTimestamp(now) });
    const row = await this.knex<Row>(TABLE)
      .where({ stream_id: streamId })
      .first('posted_at');
    return !readTimestamp(row?.posted_at);
  }

  async claimResponseUrl(
    streamId: string,
    now: DateTime,
  ): Promise<UndeliveredAnswer | undefined> {
    const row = await this.knex<Row>(TABLE)
      .where({ stream_id: streamId })
      .first('integration_id', 'response_url', 'content', 'from_user_id');
    if (!row?.response_url) return undefined;
    // The conditional update lets exactly one replica use the URL.
    const won = await this.knex(TABLE)
      .where({ stream_id: streamId, finished: true })
      .whereNull('delivered_at')
      .whereNull('posted_at')
      .update({ posted_at: writeTimestamp(now) });
    return won === 1
      ? {
          integrationId: row.integration_id,
          responseUrl: row.response_url,
          content: row.content,
          fromUserId: row.from_user_id,
        }
      : undefined;
  }

  async listUndelivered(
    startedBefore: DateTime,
    limit: number,
  ): Promise<BotStream[]> {
    const rows = await this.knex<Row>(TABLE)
      .where({ finished: true })
      .whereNull('delivered_at')
      .whereNull('posted_at')
      .whereNotNull('response_url')
      .andWhere('started_at', '<', writeTimestamp(startedBefore))
      .orderBy('started_at')
      .limit(limit);
    return rows.map(toStream);
  }

  async prune(startedBefore: DateTime): Promise<number> {
    return this.knex(TABLE)
      .where('started_at', '<', writeTimestamp(startedBefore))
      .delete();
  }
}

function toStream(row: Row): BotStream {
  const stream: BotStream = {
    streamId: row.stream_id,
    integrationId: row.integration_id,
    msgId: row.msg_id,
    chatKey: row.chat_key,
    fromUserId: row.from_user_id,
    content: row.content,
    finished: Boolean(row.finished),
    startedAt: readTimestamp(row.started_at)!,
    updatedAt: readTimestamp(row.updated_at)!,
    heartbeatAt: readTimestamp(row.heartbeat_at)!,
    owner: row.owner,
  };
  if (row.response_url) stream.responseUrl = row.response_url;
  const deliveredAt = readTimestamp(row.delivered_at);
  if (deliveredAt) stream.deliveredAt = deliveredAt;
  const postedAt = readTimestamp(row.posted_at);
  if (postedAt) stream.postedAt = postedAt;
  return stream;
}

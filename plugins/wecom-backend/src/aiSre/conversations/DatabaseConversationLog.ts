import { WeComConversationLine } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { readTimestamp, writeTimestamp } from '../../database/time';
import { ConversationLog, ConversationLogEntry } from './ConversationLog';

const TABLE = 'wecom_bot_messages';
/** A post-mortem reads at most this many lines of a War Room. */
const INCIDENT_LINES = 500;
/** Longer lines are cut: the log feeds prompts, not an archive. */
const MAX_TEXT = 4000;
/**
 * Follow-up questions read the last lines of a chat: a month is plenty.
 * Anyone who can write to the bot adds lines, so none are kept forever.
 */
const CHAT_RETENTION_DAYS = 30;
/** Post-mortems read a War Room's lines, written after the incident closes. */
const WAR_ROOM_RETENTION_DAYS = 365;

interface Row {
  id: number;
  integration_id: string;
  chat_key: string;
  incident_id: string | null;
  from_user_id: string;
  entity_ref: string | null;
  text: string;
  at: unknown;
}

/** The conversation log in the plugin's database (`wecom_bot_messages`). */
export class DatabaseConversationLog implements ConversationLog {
  constructor(private readonly knex: Knex) {}

  async append(entry: ConversationLogEntry): Promise<void> {
    await this.knex<Row>(TABLE).insert({
      integration_id: entry.integrationId,
      chat_key: entry.chatKey,
      incident_id: entry.incidentId ?? null,
      from_user_id: entry.from,
      entity_ref: entry.entityRef ?? null,
      // What people write may hold NUL, which PostgreSQL cannot store.
      text: entry.text.split('\u0000').join('').slice(0, MAX_TEXT),
      at: writeTimestamp(DateTime.fromISO(entry.at)) as any,
    });
  }

  async recent(
    integrationId: string,
    chatKey: string,
    limit: number,
  ): Promise<WeComConversationLine[]> {
    const rows = await this.knex<Row>(TABLE)
      .where({ integration_id: integrationId, chat_key: chatKey })
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.reverse().map(toLine);
  }

  async forIncident(
    incidentId: string,
    limit = INCIDENT_LINES,
  ): Promise<WeComConversationLine[]> {
    const rows = await this.knex<Row>(TABLE)
      .where({ incident_id: incidentId })
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.reverse().map(toLine);
  }

  /**
   * Forgets what is no longer needed as of `now`: lines outside a War Room
   * after 30 days, a War Room's after a year. Answers how many went.
   */
  async prune(now: DateTime): Promise<number> {
    const chats = await this.knex(TABLE)
      .whereNull('incident_id')
      .andWhere(
        'at',
        '<',
        writeTimestamp(now.minus({ days: CHAT_RETENTION_DAYS })) as any,
      )
      .delete();
    const warRooms = await this.knex(TABLE)
      .whereNotNull('incident_id')
      .andWhere(
        'at',
        '<',
        writeTimestamp(now.minus({ days: WAR_ROOM_RETENTION_DAYS })) as any,
      )
      .delete();
    return chats + warRooms;
  }
}

function toLine(row: Row): WeComConversationLine {
  return {
    at: readTimestamp(row.at)?.toISO() ?? '',
    from: row.from_user_id,
    ...(row.entity_ref ? { entityRef: row.entity_ref } : {}),
    text: row.text,
  };
}

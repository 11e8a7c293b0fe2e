import { ConflictError } from '@backstage/errors';
import {
  WeComWarRoom,
  WeComWarRoomMember,
  WeComWarRoomQuery,
  WeComWarRoomStep,
} from 'backstage-plugin-wecom-common';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { readTimestamp, writeTimestamp } from '../database/time';
import { WarRoomChanges, WarRoomLease, WarRoomStore } from './WarRoomStore';

const TABLE = 'wecom_war_rooms';
const DEFAULT_LIMIT = 50;

interface Row {
  incident_id: string;
  integration_id: string;
  chat_id: string;
  name: string;
  status: WeComWarRoom['status'];
  owner_entity_ref: string | null;
  owner_wecom_user_id: string | null;
  entity_ref: string | null;
  members: string;
  unlinked: string;
  pending_steps: string;
  last_error: string | null;
  lease_until: unknown;
  created_by: string;
  created_at: unknown;
  updated_at: unknown;
  dismissed_by: string | null;
  dismissed_at: unknown;
}

/** War Rooms in the plugin's database (`wecom_war_rooms`). */
export class DatabaseWarRoomStore implements WarRoomStore {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => DateTime = () => DateTime.utc(),
  ) {}

  async get(incidentId: string): Promise<WeComWarRoom | undefined> {
    const row = await this.knex<Row>(TABLE)
      .where({ incident_id: incidentId })
      .first();
    return row ? toWarRoom(row) : undefined;
  }

  async findByChatId(
    integrationId: string,
    chatId: string,
  ): Promise<WeComWarRoom | undefined> {
    const row = await this.knex<Row>(TABLE)
      .where({ integration_id: integrationId, chat_id: chatId })
      .first();
    return row ? toWarRoom(row) : undefined;
  }

  async list(query: WeComWarRoomQuery): Promise<WeComWarRoom[]> {
    const q = this.knex<Row>(TABLE);
    if (query.entityRef) {
      q.where({ entity_ref: query.entityRef.toLocaleLowerCase('en-US') });
    }
    if (query.status?.length) q.whereIn('status', query.status);
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('incident_id', 'desc')
      .limit(query.limit ?? DEFAULT_LIMIT);
    return rows.map(toWarRoom);
  }

  async insert(
    warRoom: WeComWarRoom,
    leaseUntil: DateTime,
  ): Promise<WarRoomLease | undefined> {
    try {
      await this.knex(TABLE).insert({
        ...toColumns(warRoom),
        incident_id: warRoom.incidentId,
        created_by: warRoom.createdBy,
        created_at: writeTimestamp(DateTime.fromISO(warRoom.createdAt)),
        updated_at: writeTimestamp(DateTime.fromISO(warRoom.updatedAt)),
        lease_until: writeTimestamp(leaseUntil),
      });
    } catch (error) {
      // The primary key settles a race: whoever inserted first creates it.
      if (await this.get(warRoom.incidentId)) return undefined;
      throw error;
    }
    return { incidentId: warRoom.incidentId, until: leaseUntil };
  }

  async claim(
    incidentId: string,
    now: DateTime,
    leaseUntil: DateTime,
  ): Promise<WarRoomLease | undefined> {
    const won = await this.knex(TABLE)
      .where({ incident_id: incidentId })
      .andWhere(q =>
        q
          .whereNull('lease_until')
          .orWhere('lease_until', '<', writeTimestamp(now)),
      )
      .update({ lease_until: writeTimestamp(leaseUntil) });
    return won === 1 ? { incidentId, until: leaseUntil } : undefined;
  }

  async update(
    lease: WarRoomLease,
    changes: WarRoomChanges,
    options: { keepLease?: boolean } = {},
  ): Promise<WeComWarRoom> {
    const updated = await this.knex(TABLE)
      .where({
        incident_id: lease.incidentId,
        lease_until: writeTimestamp(lease.until),
      })
      .update({
        ...toColumns(changes),
        updated_at: writeTimestamp(this.now()),
        ...(options.keepLease ? {} : { lease_until: null }),
      });
    if (updated !== 1) {
      throw new ConflictError(
        `Another request took over the War Room of incident ${lease.incidentId}; try again`,
      );
    }
    return (await this.get(lease.incidentId))!;
  }
}

/** The columns of the fields given; absent fields are left out. */
function toColumns(changes: WarRoomChanges): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  const set = (column: string, value: unknown) => {
    if (value !== undefined) columns[column] = value;
  };
  set('integration_id', changes.integrationId);
  set('chat_id', changes.chatId);
  set('name', changes.name);
  set('status', changes.status);
  if ('owner' in changes) {
    columns.owner_entity_ref = changes.owner?.entityRef ?? null;
    columns.owner_wecom_user_id = changes.owner?.wecomUserId ?? null;
  }
  if ('entityRef' in changes) columns.entity_ref = changes.entityRef ?? null;
  set('members', changes.members && JSON.stringify(changes.members));
  set('unlinked', changes.unlinked && JSON.stringify(changes.unlinked));
  set(
    'pending_steps',
    changes.pendingSteps && JSON.stringify(changes.pendingSteps),
  );
  if ('lastError' in changes) columns.last_error = changes.lastError ?? null;
  if ('dismissedBy' in changes) {
    columns.dismissed_by = changes.dismissedBy ?? null;
  }
  if ('dismissedAt' in changes) {
    columns.dismissed_at = changes.dismissedAt
      ? writeTimestamp(DateTime.fromISO(changes.dismissedAt))
      : null;
  }
  return columns;
}

function toWarRoom(row: Row): WeComWarRoom {
  const warRoom: WeComWarRoom = {
    incidentId: row.incident_id,
    integrationId: row.integration_id,
    chatId: row.chat_id,
    name: row.name,
    status: row.status,
    members: JSON.parse(row.members) as WeComWarRoomMember[],
    unlinked: JSON.parse(row.unlinked) as string[],
    pendingSteps: JSON.parse(row.pending_steps) as WeComWarRoomStep[],
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
  if (row.owner_entity_ref && row.owner_wecom_user_id) {
    warRoom.owner = {
      entityRef: row.owner_entity_ref,
      wecomUserId: row.owner_wecom_user_id,
    };
  }
  if (row.entity_ref) warRoom.entityRef = row.entity_ref;
  if (row.last_error) warRoom.lastError = row.last_error;
  if (row.dismissed_by) warRoom.dismissedBy = row.dismissed_by;
  const dismissedAt = iso(row.dismissed_at);
  if (dismissedAt) warRoom.dismissedAt = dismissedAt;
  return warRoom;
}

function iso(value: unknown): string | undefined {
  return readTimestamp(value)?.toISO() ?? undefined;
}

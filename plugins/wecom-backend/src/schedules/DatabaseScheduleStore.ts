import {
  WeComSchedule,
  WeComScheduleInput,
  WeComScheduleLayer,
  WeComScheduleOverride,
} from 'backstage-plugin-wecom-common';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { isPostgres } from '../database/dialect';
import { readTimestamp, writeTimestamp } from '../database/time';
import { NewOverride, ScheduleStore, StoredOverride } from './ScheduleStore';
import { scheduleMembers } from './ScheduleService';

const SCHEDULES = 'wecom_schedules';
const OVERRIDES = 'wecom_schedule_overrides';
/** Who is in which schedule's layers: written with the layers, never alone. */
const MEMBERS = 'wecom_schedule_members';
// Keeps `IN (…)` under SQLite's bound-parameter limit.
const CHUNK = 500;

interface ScheduleRow {
  id: string;
  name: string;
  owner_ref: string;
  time_zone: string;
  layers: string;
  created_at: unknown;
  updated_at: unknown;
}

interface OverrideRow {
  id: string;
  schedule_id: string;
  user_entity_ref: string;
  start_at: unknown;
  end_at: unknown;
  created_by: string;
  created_at: unknown;
}

/** Code-point order, as the chunks' rows are merged (ties by id). */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const iso = (value: unknown) => readTimestamp(value)!.toUTC().toISO()!;

function toOverride(row: OverrideRow): WeComScheduleOverride {
  return {
    id: row.id,
    userEntityRef: row.user_entity_ref,
    start: iso(row.start_at),
    end: iso(row.end_at),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
  };
}

/** Schedules in the plugin's database (`wecom_schedules`, `wecom_schedule_overrides`). */
export class DatabaseScheduleStore implements ScheduleStore {
  constructor(
    private readonly knex: Knex,
    /** The clock that decides which overrides have ended. */
    private readonly now: () => DateTime = () => DateTime.utc(),
  ) {}

  async list(
    filter: { ownerRef?: string; ids?: string[] } = {},
  ): Promise<WeComSchedule[]> {
    const { ownerRef, ids } = filter;
    const query = (some?: string[]) => {
      let q = this.knex<ScheduleRow>(SCHEDULES).select();
      if (ownerRef) q = q.where('owner_ref', ownerRef);
      if (some) q = q.whereIn('id', some);
      return q.orderBy([{ column: 'name' }, { column: 'id' }]);
    };
    if (!ids) return this.withOverrides(await query());
    const rows: ScheduleRow[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      rows.push(...(await query(ids.slice(i, i + CHUNK))));
    }
    rows.sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
    return this.withOverrides(rows);
  }

  async get(id: string): Promise<WeComSchedule | undefined> {
    const row = await this.knex<ScheduleRow>(SCHEDULES).where({ id }).first();
    return row ? (await this.withOverrides([row]))[0] : undefined;
  }

  async create(input: WeComScheduleInput): Promise<WeComSchedule> {
    const id = randomUUID();
    const now = writeTimestamp(this.now());
    await this.knex.transaction(async tx => {
      await tx(SCHEDULES).insert({
        id,
        ...this.columns(input),
        created_at: now,
        updated_at: now,
      });
      await this.writeMembers(tx, id, input);
    });
    return (await this.get(id))!;
  }

  async update(
    id: string,
    input: WeComScheduleInput,
  ): Promise<WeComSchedule | undefined> {
    const changed = await this.knex.transaction(async tx => {
      const count = await tx(SCHEDULES)
        .where({ id })
        .update({
          ...this.columns(input),
          updated_at: writeTimestamp(this.now()),
        });
      if (count) await this.writeMembers(tx, id, input);
      return count;
    });
    return changed ? this.get(id) : undefined;
  }

  async delete(id: string): Promise<boolean> {
    // The foreign keys cascade on PostgreSQL; SQLite may run without
    // foreign keys, so overrides and members go explicitly, in one
    // transaction.
    return this.knex.transaction(async tx => {
      await tx(OVERRIDES).where({ schedule_id: id }).delete();
      await tx(MEMBERS).where({ schedule_id: id }).delete();
      return (await tx(SCHEDULES).where({ id }).delete()) > 0;
    });
  }

  async scheduleIdsOf(
    userEntityRef: string,
    from: DateTime,
    to: DateTime,
  ): Promise<string[]> {
    const user = userEntityRef.toLocaleLowerCase('en-US');
    // Both lookups use an index that starts with the user's ref.
    const [members, overrides] = await Promise.all([
      this.knex(MEMBERS)
        .where({ user_entity_ref: user })
        .select<Array<{ schedule_id: string }>>('schedule_id'),
      this.knex(OVERRIDES)
        .where({ user_entity_ref: user })
        .andWhere('end_at', '>', writeTimestamp(from))
        .andWhere('start_at', '<', writeTimestamp(to))
        .distinct<Array<{ schedule_id: string }>>('schedule_id'),
    ]);
    return [...new Set([...members, ...overrides].map(row => row.schedule_id))];
  }

  async overridesOverlapping(
    scheduleIds: string[] | 'all',
    from: DateTime,
    to: DateTime,
  ): Promise<StoredOverride[]> {
    let query = this.knex<OverrideRow>(OVERRIDES)
      .where('end_at', '>', writeTimestamp(from))
      .andWhere('start_at', '<', writeTimestamp(to));
    if (scheduleIds !== 'all') {
      if (scheduleIds.length === 0) return [];
      query = query.whereIn('schedule_id', scheduleIds);
    }
    const rows: OverrideRow[] = await query.select();
    return rows.map(row => ({
      id: row.id,
      scheduleId: row.schedule_id,
      userEntityRef: row.user_entity_ref,
      start: readTimestamp(row.start_at)!,
      end: readTimestamp(row.end_at)!,
      createdAt: readTimestamp(row.created_at)!,
    }));
  }

  async addOverride(
    scheduleId: string,
    override: NewOverride,
    admit: (open: WeComScheduleOverride[]) => void = () => {},
  ): Promise<WeComScheduleOverride> {
    const id = randomUUID();
    await this.knex.transaction(async tx => {
      // The schedule's row is the lock on PostgreSQL; SQLite runs one
      // writing transaction at a time anyway (and knex warns on forUpdate).
      const schedule = tx(SCHEDULES).where({ id: scheduleId });
      if (isPostgres(tx)) await schedule.forUpdate().first('id');
      const open: OverrideRow[] = await tx<OverrideRow>(OVERRIDES)
        .where({ schedule_id: scheduleId })
        .andWhere('end_at', '>', writeTimestamp(this.now()))
        .orderBy([{ column: 'start_at' }, { column: 'id' }])
        .select();
      admit(open.map(toOverride));
      await tx(OVERRIDES).insert({
        id,
        schedule_id: scheduleId,
        user_entity_ref: override.userEntityRef,
        start_at: writeTimestamp(override.start),
        end_at: writeTimestamp(override.end),
        created_by: override.createdBy,
        created_at: writeTimestamp(this.now()),
      });
    });
    return (await this.getOverride(scheduleId, id))!;
  }

  async getOverride(
    scheduleId: string,
    overrideId: string,
  ): Promise<WeComScheduleOverride | undefined> {
    const row = await this.knex<OverrideRow>(OVERRIDES)
      .where({ id: overrideId, schedule_id: scheduleId })
      .first();
    return row ? toOverride(row) : undefined;
  }

  async deleteOverride(
    scheduleId: string,
    overrideId: string,
  ): Promise<boolean> {
    const deleted = await this.knex(OVERRIDES)
      .where({ id: overrideId, schedule_id: scheduleId })
      .delete();
    return deleted > 0;
  }

  /** Replaces the schedule's rows in the member index with its layers' members. */
  private async writeMembers(
    tx: Knex.Transaction,
    scheduleId: string,
    input: WeComScheduleInput,
  ) {
    await tx(MEMBERS).where({ schedule_id: scheduleId }).delete();
    const rows = [...scheduleMembers(input)].map(member => ({
      schedule_id: scheduleId,
      user_entity_ref: member.toLocaleLowerCase('en-US'),
    }));
    // At most 10 layers of 100 members: a few statements at the very most.
    for (let i = 0; i < rows.length; i += CHUNK / 2) {
      await tx(MEMBERS).insert(rows.slice(i, i + CHUNK / 2));
    }
  }

  private columns(input: WeComScheduleInput) {
    return {
      name: input.name,
      owner_ref: input.ownerRef,
      time_zone: input.timeZone,
      layers: JSON.stringify(input.layers),
    };
  }

  /** The rows as schedules, each with its overrides that have not ended. */
  private async withOverrides(rows: ScheduleRow[]): Promise<WeComSchedule[]> {
    if (rows.length === 0) return [];
    const overrideRows: OverrideRow[] = await this.knex<OverrideRow>(OVERRIDES)
      .whereIn(
        'schedule_id',
        rows.map(row => row.id),
      )
      .andWhere('end_at', '>', writeTimestamp(this.now()))
      .orderBy([{ column: 'start_at' }, { column: 'id' }])
      .select();
    return rows.map(row => ({
      id: row.id,
      name: row.name,
      ownerRef: row.owner_ref,
      timeZone: row.time_zone,
      layers: JSON.parse(row.layers) as WeComScheduleLayer[],
      overrides: overrideRows
        .filter(o => o.schedule_id === row.id)
        .map(toOverride),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    }));
  }
}

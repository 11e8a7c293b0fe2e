import { WeComWarRoom, WeComWarRoomQuery } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';

/**
 * A worker's hold on a War Room: the lease's end doubles as the holder's
 * token, so a write under a lease another worker has since taken over
 * changes nothing.
 */
export interface WarRoomLease {
  incidentId: string;
  until: DateTime;
}

/** What a write under a lease may change. */
export type WarRoomChanges = Partial<
  Omit<WeComWarRoom, 'incidentId' | 'createdAt' | 'createdBy' | 'updatedAt'>
>;

/**
 * War Rooms, one per incident. Changes happen under a lease so only one
 * worker at a time (across replicas) calls WeCom for a War Room.
 */
export interface WarRoomStore {
  get(incidentId: string): Promise<WeComWarRoom | undefined>;
  /** The War Room held in a WeCom group chat (the bot's context there). */
  findByChatId(
    integrationId: string,
    chatId: string,
  ): Promise<WeComWarRoom | undefined>;
  /** Newest first. */
  list(query: WeComWarRoomQuery): Promise<WeComWarRoom[]>;
  /**
   * Inserts a new War Room, leased to the caller until `leaseUntil`.
   * Undefined when the incident already has one (another request won).
   */
  insert(
    warRoom: WeComWarRoom,
    leaseUntil: DateTime,
  ): Promise<WarRoomLease | undefined>;
  /**
   * Takes the lease when nobody holds it or the holder's ran out (it
   * crashed). Undefined when someone else holds it.
   */
  claim(
    incidentId: string,
    now: DateTime,
    leaseUntil: DateTime,
  ): Promise<WarRoomLease | undefined>;
  /**
   * Writes changes (and `updatedAt`) under the lease, then lets the lease
   * go unless `keepLease`. Answers the War Room as stored; throws a
   * ConflictError when another worker took the lease over.
   */
  update(
    lease: WarRoomLease,
    changes: WarRoomChanges,
    options?: { keepLease?: boolean },
  ): Promise<WeComWarRoom>;
}

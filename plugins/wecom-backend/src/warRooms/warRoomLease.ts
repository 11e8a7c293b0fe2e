import { ConflictError } from '@backstage/errors';
import { WeComWarRoom } from 'backstage-plugin-wecom-common';
import { DateTime, Duration } from 'luxon';
import { WarRoomLease, WarRoomStore } from './WarRoomStore';

// Long enough for every step with WeCom's retries; a crashed worker's
// War Room is free again after it.
export const WAR_ROOM_LEASE = Duration.fromObject({ minutes: 5 });

/**
 * Runs work on a War Room holding its lease, so only one worker at a time
 * (across replicas) calls WeCom for it.
 */
export class WarRoomLeases {
  constructor(
    private readonly store: Pick<WarRoomStore, 'claim' | 'update'>,
    private readonly now: () => DateTime,
  ) {}

  /** Runs `fn` holding the War Room's lease; 409 when someone else holds it. */
  async withLease<T>(
    warRoom: WeComWarRoom,
    fn: (lease: WarRoomLease) => Promise<T>,
  ): Promise<T> {
    const now = this.now();
    const lease = await this.store.claim(
      warRoom.incidentId,
      now,
      now.plus(WAR_ROOM_LEASE),
    );
    if (!lease) {
      throw new ConflictError(
        warRoom.status === 'creating'
          ? 'War Room creation is in progress; try again in a moment'
          : 'The War Room is being changed by another request; try again in a moment',
      );
    }
    return this.holding(lease, () => fn(lease));
  }

  /** Lets the lease go when `fn` fails before it did. */
  async holding<T>(lease: WarRoomLease, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      // Already released (the usual case) or taken over: nothing to do.
      await this.store.update(lease, {}).catch(() => undefined);
      throw error;
    }
  }
}

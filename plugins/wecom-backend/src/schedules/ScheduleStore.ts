import {
  WeComSchedule,
  WeComScheduleInput,
  WeComScheduleOverride,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { OverridePeriod } from './timeline';

/** An override as stored, for the maths: its schedule and times. */
export interface StoredOverride extends OverridePeriod {
  scheduleId: string;
}

/** What is stored of a new override. */
export interface NewOverride {
  userEntityRef: string;
  start: DateTime;
  end: DateTime;
  createdBy: string;
}

/**
 * Schedules and their overrides. A schedule answers with the overrides that
 * have not ended yet; the maths reads any period's through
 * `overridesOverlapping`.
 */
export interface ScheduleStore {
  /** Every schedule, or a group's, or those of some ids, by name. */
  list(filter?: {
    ownerRef?: string;
    ids?: string[];
  }): Promise<WeComSchedule[]>;
  /**
   * The schedules a person is in: a member of one of its layers, or with an
   * override overlapping `[from, to)`. Read from indexes, not every schedule.
   */
  scheduleIdsOf(
    userEntityRef: string,
    from: DateTime,
    to: DateTime,
  ): Promise<string[]>;
  get(id: string): Promise<WeComSchedule | undefined>;
  create(input: WeComScheduleInput): Promise<WeComSchedule>;
  /** Undefined when there is no such schedule. */
  update(
    id: string,
    input: WeComScheduleInput,
  ): Promise<WeComSchedule | undefined>;
  /** Deletes the schedule and its overrides; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Overrides overlapping `[from, to)`, of some schedules or of all. */
  overridesOverlapping(
    scheduleIds: string[] | 'all',
    from: DateTime,
    to: DateTime,
  ): Promise<StoredOverride[]>;
  /**
   * Adds an override if `admit` lets it (it throws to refuse), given the
   * schedule's overrides that have not ended as they stand at that moment:
   * checked and written as one, so two requests cannot both pass a check
   * the other breaks.
   */
  addOverride(
    scheduleId: string,
    override: NewOverride,
    admit?: (open: WeComScheduleOverride[]) => void,
  ): Promise<WeComScheduleOverride>;
  getOverride(
    scheduleId: string,
    overrideId: string,
  ): Promise<WeComScheduleOverride | undefined>;
  /** False when the schedule has no such override. */
  deleteOverride(scheduleId: string, overrideId: string): Promise<boolean>;
}

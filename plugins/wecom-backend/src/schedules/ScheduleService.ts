import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  WeComSchedule,
  WeComScheduleInput,
  WeComScheduleOverride,
  WeComScheduleShift,
  WeComScheduleTimeline,
  wecomScheduleManagePermission,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { CatalogRefChecker } from './CatalogRefChecker';
import {
  DisplacedOverrideNotifier,
  noDisplacedOverrideNotices,
} from './displacedOverrideNotice';
import { Turn } from './rotation';
import { ScheduleStore } from './ScheduleStore';
import { finalTimeline, layerRows } from './timeline';

/** Overrides a schedule keeps that have not ended. */
export const MAX_OPEN_OVERRIDES = 100;

/** What an override asks for, parsed. */
export interface OverrideRequest {
  userEntityRef: string;
  start: DateTime;
  end: DateTime;
}

/**
 * An override a manager's new override covers (where they overlap, the
 * newer decides), and whether its holder was told on WeCom.
 */
export interface DisplacedOverride {
  overrideId: string;
  userEntityRef: string;
  start: string;
  end: string;
  notified: boolean;
  /** Why they were not told, when they were not. */
  notNotifiedBecause?: string;
}

/** A turn as the API answers it, in the schedule's zone. */
export function toShift(turn: Turn, zone: string): WeComScheduleShift {
  return {
    userEntityRef: turn.userEntityRef,
    start: turn.start.setZone(zone).toISO()!,
    end: turn.end.setZone(zone).toISO()!,
    source: turn.source,
    ...(turn.overrideId ? { overrideId: turn.overrideId } : {}),
  };
}

/** Everyone a schedule's layers name. */
export function scheduleMembers(schedule: WeComScheduleInput): Set<string> {
  return new Set(schedule.layers.flatMap(layer => layer.members));
}

/**
 * Schedules as the routes use them: unknown ids are 404s, people and groups
 * must exist in the catalog as the caller sees it, overrides follow the
 * rules (not entirely in the past).
 */
export class ScheduleService {
  constructor(
    private readonly store: ScheduleStore,
    private readonly refs: CatalogRefChecker,
    private readonly now: () => DateTime = () => DateTime.utc(),
    /** Which escalation policies page a schedule (asked before deleting it). */
    private readonly namedBy: (
      scheduleId: string,
    ) => Promise<string[]> = async () => [],
    /** Tells people whose override a manager's override covers. */
    private readonly notices: DisplacedOverrideNotifier = noDisplacedOverrideNotices,
  ) {}

  list(filter: { ownerRef?: string }): Promise<WeComSchedule[]> {
    return this.store.list(filter);
  }

  async get(id: string): Promise<WeComSchedule> {
    const schedule = await this.store.get(id);
    if (!schedule) throw new NotFoundError(`No schedule '${id}'`);
    return schedule;
  }

  async create(
    input: WeComScheduleInput,
    credentials: BackstageCredentials,
  ): Promise<WeComSchedule> {
    await this.requirePeople(input, credentials);
    return this.store.create(input);
  }

  async update(
    id: string,
    input: WeComScheduleInput,
    credentials: BackstageCredentials,
  ): Promise<WeComSchedule> {
    await this.get(id);
    await this.requirePeople(input, credentials);
    const updated = await this.store.update(id, input);
    if (!updated) throw new NotFoundError(`No schedule '${id}'`);
    return updated;
  }

  async delete(id: string): Promise<void> {
    // A deleted schedule would leave its policies' levels paging nobody.
    const policies = await this.namedBy(id);
    if (policies.length > 0) {
      throw new ConflictError(
        `Schedule '${id}' is paged by escalation policy ${policies
          .map(policy => `"${policy}"`)
          .join(', ')}: take it out of those policies first`,
      );
    }
    if (!(await this.store.delete(id))) {
      throw new NotFoundError(`No schedule '${id}'`);
    }
  }

  /** The final timeline and each layer's shifts of `[from, to)`. */
  async timeline(
    id: string,
    from: DateTime,
    to: DateTime,
  ): Promise<WeComScheduleTimeline> {
    const schedule = await this.get(id);
    const overrides = await this.store.overridesOverlapping([id], from, to);
    const zone = schedule.timeZone;
    return {
      scheduleId: id,
      from: from.setZone(zone).toISO()!,
      to: to.setZone(zone).toISO()!,
      shifts: finalTimeline(schedule, overrides, from, to).map(t =>
        toShift(t, zone),
      ),
      layers: layerRows(schedule, from, to).map(row =>
        row.map(t => toShift(t, zone)),
      ),
    };
  }

  /**
   * Adds an override. Overlapping overrides resolve to the newest, so a new
   * one takes the overlap from every other person's override: only a
   * caller who may manage schedules may do that (`mayManage`), and then the
   * people displaced are told and named in the answer.
   */
  async addOverride(
    scheduleId: string,
    request: OverrideRequest,
    caller: { createdBy: string; mayManage: boolean },
    credentials: BackstageCredentials,
  ): Promise<WeComScheduleOverride & { displaced: DisplacedOverride[] }> {
    const schedule = await this.get(scheduleId);
    if (request.end <= this.now()) {
      throw new InputError(
        'Invalid override: end is in the past; an override must not be over before it is made',
      );
    }
    await this.refs.requireExisting([request.userEntityRef], credentials);
    // Checked against the overrides as they stand when it is written, so
    // two members at once cannot both cover each other, nor pass the bound.
    let covered: WeComScheduleOverride[] = [];
    const created = await this.store.addOverride(
      scheduleId,
      { ...request, createdBy: caller.createdBy },
      open => {
        covered = admitOverride(scheduleId, open, request, caller.mayManage);
      },
    );
    const displaced: DisplacedOverride[] = [];
    // One notice a person, however many of their overrides this covers.
    for (const overrides of byPerson(covered)) {
      const outcome = await this.notices
        .notify({
          scheduleId,
          scheduleName: schedule.name,
          displaced: overrides,
          coveredBy: request.userEntityRef,
          changedBy: caller.createdBy,
          start: request.start,
          end: request.end,
        })
        .catch(() => ({
          status: 'notSent' as const,
          reason: 'the WeCom message failed',
        }));
      for (const override of overrides) {
        displaced.push({
          overrideId: override.id,
          userEntityRef: override.userEntityRef,
          start: override.start,
          end: override.end,
          notified: outcome.status === 'sent',
          ...(outcome.status === 'notSent'
            ? { notNotifiedBecause: outcome.reason }
            : {}),
        });
      }
    }
    return { ...created, displaced };
  }

  async getOverride(
    scheduleId: string,
    overrideId: string,
  ): Promise<WeComScheduleOverride> {
    const override = await this.store.getOverride(scheduleId, overrideId);
    if (!override) {
      throw new NotFoundError(
        `Schedule '${scheduleId}' has no override '${overrideId}'`,
      );
    }
    return override;
  }

  async deleteOverride(scheduleId: string, overrideId: string): Promise<void> {
    if (!(await this.store.deleteOverride(scheduleId, overrideId))) {
      throw new NotFoundError(
        `Schedule '${scheduleId}' has no override '${overrideId}'`,
      );
    }
  }

  private requirePeople(
    input: WeComScheduleInput,
    credentials: BackstageCredentials,
  ) {
    return this.refs.requireExisting(
      [input.ownerRef, ...scheduleMembers(input)],
      credentials,
    );
  }
}

/** Overrides grouped by their holder, in the order first met. */
function byPerson(
  overrides: WeComScheduleOverride[],
): WeComScheduleOverride[][] {
  const groups = new Map<string, WeComScheduleOverride[]>();
  for (const override of overrides) {
    const key = override.userEntityRef.toLocaleLowerCase('en-US');
    groups.set(key, [...(groups.get(key) ?? []), override]);
  }
  return [...groups.values()];
}

/**
 * Whether a new override may join the schedule's overrides that have not
 * ended (`open`), and which of other people's it covers (the newest wins
 * where they overlap). Throws a 409 when it may not.
 */
function admitOverride(
  scheduleId: string,
  open: WeComScheduleOverride[],
  request: OverrideRequest,
  mayManage: boolean,
): WeComScheduleOverride[] {
  // Each override is a change point of every timeline and on-call answer
  // of the schedule: a bound keeps those cheap whoever adds them.
  if (open.length >= MAX_OPEN_OVERRIDES) {
    throw new ConflictError(
      `Schedule '${scheduleId}' has ${open.length} overrides that have not ended, the most it keeps; remove some first`,
    );
  }
  const covered = open.filter(
    o =>
      o.userEntityRef !== request.userEntityRef &&
      DateTime.fromISO(o.start) < request.end &&
      DateTime.fromISO(o.end) > request.start,
  );
  if (covered.length > 0 && !mayManage) {
    const [first] = covered;
    throw new ConflictError(
      `The override overlaps ${first.userEntityRef}'s override from ${first.start} to ${first.end}: only a schedule manager (${wecomScheduleManagePermission.name}) may cover another person's override`,
    );
  }
  return covered;
}

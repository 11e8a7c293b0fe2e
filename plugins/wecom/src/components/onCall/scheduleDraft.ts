import { DateTime, IANAZone } from 'luxon';
import type {
  WeComSchedule,
  WeComScheduleInput,
} from 'backstage-plugin-wecom-common';

/** One layer as the form holds it: numbers stay text until submitted. */
export interface LayerDraft {
  /** Keeps React's identity of a layer across reordering. */
  key: string;
  members: string[];
  handoffTime: string;
  rotationDays: string;
  startDate: string;
}

/** The schedule form's state. */
export interface ScheduleDraft {
  name: string;
  ownerRef: string;
  timeZone: string;
  layers: LayerDraft[];
}

let nextKey = 0;
/** A key for a new row of an editor list. */
export function newRowKey(): string {
  nextKey += 1;
  return `row-${nextKey}`;
}

/** The zone the browser runs in, the default of a new schedule. */
export function browserTimeZone(): string {
  return DateTime.local().zoneName ?? 'UTC';
}

/** A new layer: weekly, handing off at 09:00, starting today in `timeZone`. */
export function emptyLayer(timeZone: string): LayerDraft {
  return {
    key: newRowKey(),
    members: [],
    handoffTime: '09:00',
    rotationDays: '7',
    startDate: DateTime.now().setZone(timeZone).toISODate() ?? '',
  };
}

/** The form's state for a new schedule, or for editing `schedule`. */
export function scheduleDraft(schedule?: WeComSchedule): ScheduleDraft {
  if (!schedule) {
    const timeZone = browserTimeZone();
    return { name: '', ownerRef: '', timeZone, layers: [emptyLayer(timeZone)] };
  }
  return {
    name: schedule.name,
    ownerRef: schedule.ownerRef,
    timeZone: schedule.timeZone,
    layers: schedule.layers.map(layer => ({
      key: newRowKey(),
      members: [...layer.members],
      handoffTime: layer.handoffTime,
      rotationDays: String(layer.rotationDays),
      startDate: layer.startDate,
    })),
  };
}

/** A checked draft: the request body, or what the person must fix first. */
export type CheckedDraft<T> =
  | { input: T; problems?: undefined }
  | { input?: undefined; problems: string[] };

/** Whole numbers only: "7", not "7.5" or "1e1". */
export function wholeNumberIn(
  text: string,
  min: number,
  max: number,
): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const value = Number(text.trim());
  return value >= min && value <= max ? value : undefined;
}

const HANDOFF_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Checks the form the way the backend will, in words a person acts on, and
 * builds exactly the body the API takes (`WeComScheduleInput`).
 */
export function checkScheduleDraft(
  draft: ScheduleDraft,
): CheckedDraft<WeComScheduleInput> {
  const problems: string[] = [];
  const name = draft.name.trim();
  if (!name) problems.push('Give the schedule a name.');
  if (!draft.ownerRef) problems.push('Pick the group that owns the schedule.');
  if (!IANAZone.isValidZone(draft.timeZone)) {
    problems.push('Pick a time zone from the list, like Asia/Shanghai.');
  }
  if (draft.layers.length === 0) problems.push('Add at least one layer.');

  const layers = draft.layers.map((layer, index) => {
    const where = `Layer ${index + 1}: `;
    if (layer.members.length === 0) {
      problems.push(`${where}Add at least one member.`);
    }
    const handoffTime = layer.handoffTime.trim();
    if (!HANDOFF_TIME.test(handoffTime)) {
      problems.push(`${where}Hand-off time must look like 09:00.`);
    }
    const rotationDays = wholeNumberIn(layer.rotationDays, 1, 366);
    if (rotationDays === undefined) {
      problems.push(
        `${where}Rotation length must be a whole number of days from 1 to 366.`,
      );
    }
    const startDate = layer.startDate.trim();
    if (!DateTime.fromFormat(startDate, 'yyyy-MM-dd').isValid) {
      problems.push(`${where}Start date must be a date like 2026-12-01.`);
    }
    return {
      members: layer.members,
      handoffTime,
      rotationDays: rotationDays ?? 0,
      startDate,
    };
  });

  if (problems.length > 0) return { problems };
  return {
    input: { name, ownerRef: draft.ownerRef, timeZone: draft.timeZone, layers },
  };
}

/** Moves the item at `from` one place up (-1) or down (+1). */
export function moved<T>(items: T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= items.length) return items;
  const next = [...items];
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}

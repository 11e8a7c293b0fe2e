import { WeComScheduleLayer } from 'backstage-plugin-wecom-common';
import { DateTime, Duration } from 'luxon';
import { Turn, layerShifts, layerTurnAt } from './rotation';

/** What the maths needs of a schedule. */
export interface ScheduleRules {
  /** An IANA zone: hand-offs are wall-clock times there. */
  timeZone: string;
  /** Most important first. */
  layers: WeComScheduleLayer[];
}

/** An override as the maths sees it. */
export interface OverridePeriod {
  id: string;
  userEntityRef: string;
  start: DateTime;
  end: DateTime;
  createdAt: DateTime;
}

/**
 * The override in force at `at`. Overrides of one schedule may overlap;
 * the one made last wins (the latest decision), ties by id.
 */
function overrideAt(
  overrides: OverridePeriod[],
  at: DateTime,
): OverridePeriod | undefined {
  let found: OverridePeriod | undefined;
  for (const o of overrides) {
    if (o.start > at || o.end <= at) continue;
    if (
      !found ||
      o.createdAt > found.createdAt ||
      (+o.createdAt === +found.createdAt && o.id > found.id)
    ) {
      found = o;
    }
  }
  return found;
}

function overrideTurn(override: OverridePeriod): Turn {
  return {
    userEntityRef: override.userEntityRef,
    start: override.start,
    end: override.end,
    source: 'override',
    overrideId: override.id,
  };
}

/**
 * Whose turn it is at `at`, and the whole turn (not cut by anything): an
 * override wins over every layer; else the first layer with someone on call.
 */
export function turnAt(
  rules: ScheduleRules,
  overrides: OverridePeriod[],
  at: DateTime,
): Turn | undefined {
  const override = overrideAt(overrides, at);
  if (override) return overrideTurn(override);
  for (const [index, layer] of rules.layers.entries()) {
    const turn = layerTurnAt(layer, index, rules.timeZone, at);
    if (turn) return turn;
  }
  return undefined;
}

/** Pieces of one turn are merged back together; different turns are not. */
const turnKey = (turn: Turn) =>
  `${turn.source}|${turn.overrideId ?? ''}|${turn.start.toMillis()}`;

/**
 * The final timeline of `[from, to)`: who is on call when, overrides cutting
 * the layers' shifts. Pieces are in order, never overlap, lie inside the
 * window and cover it but where nobody is on call. Each piece keeps its
 * source; a turn cut by an override resumes after it as a piece of its own.
 */
export function finalTimeline(
  rules: ScheduleRules,
  overrides: OverridePeriod[],
  from: DateTime,
  to: DateTime,
): Turn[] {
  if (from >= to) return [];
  const zone = rules.timeZone;
  const rows = rules.layers.map((layer, index) =>
    layerShifts(layer, index, zone, from, to),
  );
  const inWindow = overrides.filter(o => o.start < to && o.end > from);
  // Who is on call can change only at these instants.
  const instants = new Set<number>([from.toMillis(), to.toMillis()]);
  const inside = (t: DateTime) => t > from && t < to;
  for (const s of [...rows.flat(), ...inWindow]) {
    if (inside(s.start)) instants.add(s.start.toMillis());
    if (inside(s.end)) instants.add(s.end.toMillis());
  }
  const sorted = [...instants].sort((a, b) => a - b);

  // One cursor per layer: the instants only move forward.
  const cursors = rows.map(() => 0);
  const turnFrom = (at: DateTime): Turn | undefined => {
    const override = overrideAt(inWindow, at);
    if (override) return overrideTurn(override);
    for (const [i, row] of rows.entries()) {
      while (cursors[i] < row.length && row[cursors[i]].end <= at) {
        cursors[i]++;
      }
      const s = row[cursors[i]];
      if (s && s.start <= at) return s;
    }
    return undefined;
  };

  const pieces: Array<Turn & { key: string }> = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = DateTime.fromMillis(sorted[i], { zone });
    const end = DateTime.fromMillis(sorted[i + 1], { zone });
    const turn = turnFrom(start);
    if (!turn) continue;
    const key = turnKey(turn);
    const last = pieces[pieces.length - 1];
    if (last && last.key === key && +last.end === +start) {
      last.end = end;
    } else {
      pieces.push({ ...turn, start, end, key });
    }
  }
  return pieces.map(({ key: _key, ...piece }) => piece);
}

/** Each layer's own shifts in `[from, to)`, cut to the window. */
export function layerRows(
  rules: ScheduleRules,
  from: DateTime,
  to: DateTime,
): Turn[][] {
  return rules.layers.map((layer, index) =>
    layerShifts(layer, index, rules.timeZone, from, to).map(s => ({
      ...s,
      start: s.start < from ? from.setZone(rules.timeZone) : s.start,
      end: s.end > to ? to.setZone(rules.timeZone) : s.end,
    })),
  );
}

/**
 * Who is on call at `at` and until when: the turn's piece of the final
 * timeline (an override starting later cuts it short).
 */
export function onCallAt(
  rules: ScheduleRules,
  overrides: OverridePeriod[],
  at: DateTime,
): Turn | undefined {
  const turn = turnAt(rules, overrides, at);
  if (!turn) return undefined;
  return finalTimeline(rules, overrides, at, turn.end)[0];
}

/** Longer than any turn (366 days and a daylight-saving hour) and any gap worth searching. */
const NEXT_TURN_HORIZON = Duration.fromObject({ days: 2 * 368 });

/**
 * Who takes over after the turn in force at `at` (or, when nobody is on
 * call then, the next one to be); undefined when nobody is within two years.
 * Searched in windows that double, so a near hand-off costs little.
 */
export function nextTurnAfter(
  rules: ScheduleRules,
  overrides: OverridePeriod[],
  at: DateTime,
): Turn | undefined {
  const current = onCallAt(rules, overrides, at);
  const from = current ? current.end : at;
  const limit = from.plus(NEXT_TURN_HORIZON);
  for (let days = 1; ; days *= 2) {
    const to = DateTime.min(from.plus({ days }), limit);
    const [next] = finalTimeline(rules, overrides, from, to);
    // The piece may be cut by the window: ask for its whole extent.
    if (next) return onCallAt(rules, overrides, next.start);
    if (+to === +limit) return undefined;
  }
}

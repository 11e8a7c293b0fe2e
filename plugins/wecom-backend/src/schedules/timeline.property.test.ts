import { WeComScheduleLayer } from 'backstage-plugin-wecom-common';
import fc from 'fast-check';
import { DateTime, Settings } from 'luxon';
import { layerShifts } from './rotation';
import {
  OverridePeriod,
  ScheduleRules,
  finalTimeline,
  onCallAt,
  turnAt,
} from './timeline';

// The schedule maths against properties anyone would state of a rotation,
// in zones with daylight saving (both hemispheres) and without, and never
// depending on the zone the server runs in.

const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Asia/Shanghai',
  'Australia/Sydney',
  'UTC',
];
const PEOPLE = ['a', 'b', 'c', 'd', 'e', 'f'].map(n => `user:default/${n}`);
// 2025-01-01 .. 2028-01-01, spanning several DST changes in every zone.
const EPOCH_FROM = Date.UTC(2025, 0, 1);
const EPOCH_TO = Date.UTC(2028, 0, 1);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const pad = (n: number) => String(n).padStart(2, '0');

const layerArb: fc.Arbitrary<WeComScheduleLayer> = fc.record({
  members: fc.uniqueArray(fc.constantFrom(...PEOPLE), {
    minLength: 1,
    maxLength: 5,
  }),
  // Whole hours reach the DST gaps (02:00-03:00) often; minutes too.
  handoffTime: fc
    .tuple(
      fc.integer({ min: 0, max: 23 }),
      fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 59 })),
    )
    .map(([h, m]) => `${pad(h)}:${pad(m)}`),
  rotationDays: fc.oneof(
    fc.integer({ min: 1, max: 14 }),
    fc.integer({ min: 1, max: 366 }),
  ),
  startDate: fc
    .integer({ min: 0, max: 3 * 365 - 1 })
    .map(d => DateTime.fromMillis(EPOCH_FROM + d * DAY, { zone: 'utc' }))
    .map(d => d.toISODate()!),
});

const rulesArb: fc.Arbitrary<ScheduleRules> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  layers: fc.array(layerArb, { minLength: 1, maxLength: 3 }),
});

/** A window of up to 92 days (what the timeline route allows). */
const windowArb = fc
  .tuple(
    fc.integer({ min: EPOCH_FROM, max: EPOCH_TO }),
    fc.integer({ min: 1, max: 92 * DAY }),
  )
  .map(([start, length]) => ({
    from: DateTime.fromMillis(start, { zone: 'utc' }),
    to: DateTime.fromMillis(start + length, { zone: 'utc' }),
  }));

const overridesArb = (
  from: DateTime,
  to: DateTime,
): fc.Arbitrary<OverridePeriod[]> =>
  fc
    .array(
      fc.record({
        at: fc.integer({ min: from.toMillis(), max: to.toMillis() }),
        length: fc.integer({ min: 60_000, max: 31 * DAY }),
        user: fc.constantFrom(...PEOPLE, 'user:default/override'),
        made: fc.integer({ min: 0, max: 1000 }),
      }),
      { maxLength: 3 },
    )
    .map(list =>
      list.map((o, i) => ({
        id: `o${i}`,
        userEntityRef: o.user,
        start: DateTime.fromMillis(o.at - Math.floor(o.length / 2), {
          zone: 'utc',
        }),
        end: DateTime.fromMillis(o.at + Math.ceil(o.length / 2), {
          zone: 'utc',
        }),
        createdAt: DateTime.fromMillis(EPOCH_FROM + o.made, { zone: 'utc' }),
      })),
    );

/** Instants in the window to probe: random ones and the window's edges. */
const probesArb = (from: DateTime, to: DateTime) =>
  fc.array(fc.integer({ min: from.toMillis(), max: to.toMillis() - 1 }), {
    minLength: 1,
    maxLength: 20,
  });

const firstHandoff = (layer: WeComScheduleLayer, zone: string) =>
  DateTime.fromISO(`${layer.startDate}T${layer.handoffTime}`, { zone });

/** Calendar days between two `YYYY-MM-DD` dates. */
const daysBetween = (a: string, b: string) =>
  Math.round(
    DateTime.fromISO(b, { zone: 'utc' })
      .diff(DateTime.fromISO(a, { zone: 'utc' }), 'days')
      .as('days'),
  );

const RUNS = { numRuns: 150 };

/**
 * Collects what a run breaks, asserted once at its end: a property states
 * its conditions with `check`, and fast-check shrinks on the failure.
 */
function checker() {
  const broken: string[] = [];
  return {
    check: (ok: boolean, what: string) => {
      if (!ok) broken.push(what);
    },
    broken,
  };
}

describe('a layer of a schedule', () => {
  it("has shifts that tile the window from the layer's first hand-off, without gaps or overlaps", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        layerArb,
        windowArb,
        (zone, layer, { from, to }) => {
          const { check, broken } = checker();
          const shifts = layerShifts(layer, 0, zone, from, to);
          const first = firstHandoff(layer, zone);
          const begins = DateTime.max(from, first);
          check(
            (shifts.length === 0) === begins >= to,
            'shifts exactly when the layer has begun before the window ends',
          );
          if (shifts.length > 0) {
            const last = shifts[shifts.length - 1];
            check(
              shifts[0].start <= begins,
              'the first shift covers the start',
            );
            check(shifts[0].end > begins, 'the first shift covers the start');
            check(
              shifts[0].start >= first,
              'no shift before the first hand-off',
            );
            check(last.end >= to && last.start < to, 'the last covers the end');
          }
          for (let i = 1; i < shifts.length; i++) {
            check(
              +shifts[i].start === +shifts[i - 1].end,
              `gap or overlap at ${i}`,
            );
          }
          expect(broken).toEqual([]);
        },
      ),
      RUNS,
    );
  });

  it('starts every shift at the hand-off time on the right day, rotating the members in order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        layerArb,
        windowArb,
        (zone, layer, { from, to }) => {
          const { check, broken } = checker();
          const [h, m] = layer.handoffTime.split(':').map(Number);
          const wanted = h * 60 + m;
          for (const shift of layerShifts(layer, 0, zone, from, to)) {
            const local = shift.start.setZone(zone);
            const at = local.toISO();
            const days = daysBetween(layer.startDate, local.toISODate()!);
            check(days % layer.rotationDays === 0, `${at}: not a hand-off day`);
            const k = days / layer.rotationDays;
            check(
              shift.userEntityRef === layer.members[k % layer.members.length],
              `${at}: not member ${k % layer.members.length}`,
            );
            // The hand-off time, or where it does not exist that day (the
            // clocks jumped forward over it) that time moved by the gap.
            const dayStart = local.startOf('day');
            const gap = dayStart.plus({ days: 1 }).offset - dayStart.offset;
            const actual = local.hour * 60 + local.minute;
            check(
              actual === wanted || (gap > 0 && actual === wanted + gap),
              `${at}: not at ${layer.handoffTime}`,
            );
            // A shift is rotationDays long, give or take a DST hour.
            const hours = shift.end.diff(shift.start, 'hours').hours;
            check(
              Math.abs(hours - 24 * layer.rotationDays) <= 1,
              `${at}: lasts ${hours} hours`,
            );
          }
          expect(broken).toEqual([]);
        },
      ),
      RUNS,
    );
  });
});

describe("a schedule's final timeline", () => {
  const scenario = rulesArb.chain(rules =>
    windowArb.chain(({ from, to }) =>
      fc.record({
        rules: fc.constant(rules),
        from: fc.constant(from),
        to: fc.constant(to),
        overrides: overridesArb(from, to),
        probes: probesArb(from, to),
      }),
    ),
  );

  it('lies in the window in order, without overlaps, and covers every instant someone is on call', () => {
    fc.assert(
      fc.property(scenario, ({ rules, overrides, from, to, probes }) => {
        const { check, broken } = checker();
        const pieces = finalTimeline(rules, overrides, from, to);
        for (const [i, piece] of pieces.entries()) {
          check(piece.start < piece.end, `piece ${i} is empty`);
          check(
            piece.start >= from && piece.end <= to,
            `piece ${i} is outside`,
          );
          check(
            i === 0 || piece.start >= pieces[i - 1].end,
            `piece ${i} overlaps the one before`,
          );
        }
        for (const t of probes) {
          const at = DateTime.fromMillis(t, { zone: 'utc' });
          const holding = pieces.filter(p => p.start <= at && p.end > at);
          const turn = turnAt(rules, overrides, at);
          check(
            holding.length === (turn ? 1 : 0),
            `${at.toISO()}: ${holding.length} pieces`,
          );
        }
        expect(broken).toEqual([]);
      }),
      RUNS,
    );
  });

  it("answers onCallAt(t) with the piece that holds t, until the piece's end", () => {
    fc.assert(
      fc.property(scenario, ({ rules, overrides, from, to, probes }) => {
        const { check, broken } = checker();
        const pieces = finalTimeline(rules, overrides, from, to);
        for (const t of probes) {
          const at = DateTime.fromMillis(t, { zone: 'utc' });
          const piece = pieces.find(p => p.start <= at && p.end > at);
          const now = onCallAt(rules, overrides, at);
          check(
            now?.userEntityRef === piece?.userEntityRef &&
              now?.source === piece?.source &&
              now?.overrideId === piece?.overrideId,
            `${at.toISO()}: onCallAt disagrees with the timeline`,
          );
          // The piece may be cut by the window's end; the turn is not.
          check(
            !piece || !now || +piece.end === +to || +now.end === +piece.end,
            `${at.toISO()}: ends at ${now?.end.toISO()}, not ${piece?.end.toISO()}`,
          );
        }
        expect(broken).toEqual([]);
      }),
      RUNS,
    );
  });

  it('puts the override on call for exactly its period, and the layer back after it', () => {
    const withOneOverride = rulesArb.chain(rules =>
      windowArb.chain(({ from, to }) =>
        fc.record({
          rules: fc.constant(rules),
          from: fc.constant(from),
          to: fc.constant(to),
          overrides: overridesArb(from, to).filter(o => o.length === 1),
          probes: probesArb(from, to),
        }),
      ),
    );
    fc.assert(
      fc.property(withOneOverride, ({ rules, overrides, from, to, probes }) => {
        const { check, broken } = checker();
        const [o] = overrides;
        const pieces = finalTimeline(rules, overrides, from, to);
        const overridePieces = pieces.filter(p => p.source === 'override');
        expect(overridePieces).toHaveLength(1);
        expect(+overridePieces[0].start).toBe(+DateTime.max(o.start, from));
        expect(+overridePieces[0].end).toBe(+DateTime.min(o.end, to));
        // The override inside its period, the layers outside it.
        for (const t of [...probes, o.end.toMillis()]) {
          const at = DateTime.fromMillis(t, { zone: 'utc' });
          const covered = at >= o.start && at < o.end;
          const expected = covered
            ? { userEntityRef: o.userEntityRef, source: 'override' }
            : turnAt(rules, [], at);
          const now = onCallAt(rules, overrides, at);
          check(
            now?.userEntityRef === expected?.userEntityRef &&
              now?.source === expected?.source,
            `${at.toISO()}: ${now?.userEntityRef} (${now?.source})`,
          );
        }
        expect(broken).toEqual([]);
      }),
      RUNS,
    );
  });

  it("does not depend on the server's time zone", () => {
    const savedZone = Settings.defaultZone;
    const savedTz = process.env.TZ;
    try {
      fc.assert(
        fc.property(scenario, ({ rules, overrides, from, to }) => {
          const run = () =>
            finalTimeline(rules, overrides, from, to).map(p => [
              p.userEntityRef,
              +p.start,
              +p.end,
            ]);
          Settings.defaultZone = 'utc';
          process.env.TZ = 'UTC';
          const inUtc = run();
          Settings.defaultZone = 'Pacific/Kiritimati';
          process.env.TZ = 'America/Los_Angeles';
          expect(run()).toEqual(inUtc);
        }),
        { numRuns: 50 },
      );
    } finally {
      Settings.defaultZone = savedZone;
      process.env.TZ = savedTz;
    }
  });
});

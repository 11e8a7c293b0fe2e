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

describe('a layer of a schedule', () => {
  it("has shifts that tile the window from the layer's first hand-off, without gaps or overlaps", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        layerArb,
        windowArb,
        (zone, layer, { from, to }) => {
          const shifts = layerShifts(layer, 0, zone, from, to);
          const begins = DateTime.max(from, firstHandoff(layer, zone));
          if (begins >= to) {
            expect(shifts).toEqual([]);
            return;
          }
          expect(shifts.length).toBeGreaterThan(0);
          expect(+shifts[0].start).toBeLessThanOrEqual(+begins);
          expect(+shifts[0].end).toBeGreaterThan(+begins);
          expect(+shifts[0].start).toBeGreaterThanOrEqual(
            +firstHandoff(layer, zone),
          );
          for (let i = 1; i < shifts.length; i++) {
            expect(+shifts[i].start).toBe(+shifts[i - 1].end);
          }
          expect(+shifts[shifts.length - 1].end).toBeGreaterThanOrEqual(+to);
          expect(+shifts[shifts.length - 1].start).toBeLessThan(+to);
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
          for (const shift of layerShifts(layer, 0, zone, from, to)) {
            const local = shift.start.setZone(zone);
            const days = daysBetween(layer.startDate, local.toISODate()!);
            expect(days % layer.rotationDays).toBe(0);
            const k = days / layer.rotationDays;
            expect(shift.userEntityRef).toBe(
              layer.members[k % layer.members.length],
            );
            const [h, m] = layer.handoffTime.split(':').map(Number);
            const wanted = h * 60 + m;
            const actual = local.hour * 60 + local.minute;
            if (actual !== wanted) {
              // Only where the hand-off time does not exist that day: the
              // clocks jumped forward over it, by the gap.
              const dayStart = local.startOf('day');
              const gap = dayStart.plus({ days: 1 }).offset - dayStart.offset;
              expect(gap).toBeGreaterThan(0);
              expect(actual).toBe(wanted + gap);
            }
            // A shift is rotationDays long, give or take a DST hour.
            const hours = shift.end.diff(shift.start, 'hours').hours;
            expect(Math.abs(hours - 24 * layer.rotationDays)).toBeLessThanOrEqual(1);
          }
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
        const pieces = finalTimeline(rules, overrides, from, to);
        for (const [i, piece] of pieces.entries()) {
          expect(+piece.start).toBeLessThan(+piece.end);
          expect(+piece.start).toBeGreaterThanOrEqual(+from);
          expect(+piece.end).toBeLessThanOrEqual(+to);
          if (i > 0) {
            expect(+piece.start).toBeGreaterThanOrEqual(+pieces[i - 1].end);
          }
        }
        for (const t of probes) {
          const at = DateTime.fromMillis(t, { zone: 'utc' });
          const holding = pieces.filter(p => p.start <= at && p.end > at);
          const turn = turnAt(rules, overrides, at);
          expect(holding.length).toBe(turn ? 1 : 0);
        }
      }),
      RUNS,
    );
  });

  it("answers onCallAt(t) with the piece that holds t, until the piece's end", () => {
    fc.assert(
      fc.property(scenario, ({ rules, overrides, from, to, probes }) => {
        const pieces = finalTimeline(rules, overrides, from, to);
        for (const t of probes) {
          const at = DateTime.fromMillis(t, { zone: 'utc' });
          const piece = pieces.find(p => p.start <= at && p.end > at);
          const now = onCallAt(rules, overrides, at);
          expect(now?.userEntityRef).toBe(piece?.userEntityRef);
          expect(now?.source).toBe(piece?.source);
          expect(now?.overrideId).toBe(piece?.overrideId);
          // The piece may be cut by the window's end; the turn is not.
          if (piece && now && +piece.end < +to) {
            expect(+now.end).toBe(+piece.end);
          }
        }
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
        const [o] = overrides;
        const pieces = finalTimeline(rules, overrides, from, to);
        const overridePieces = pieces.filter(p => p.source === 'override');
        expect(overridePieces).toHaveLength(1);
        expect(+overridePieces[0].start).toBe(+DateTime.max(o.start, from));
        expect(+overridePieces[0].end).toBe(+DateTime.min(o.end, to));
        for (const t of probes) {
          const at = DateTime.fromMillis(t, { zone: 'utc' });
          const now = onCallAt(rules, overrides, at);
          if (at >= o.start && at < o.end) {
            expect(now?.userEntityRef).toBe(o.userEntityRef);
          } else {
            expect(now?.userEntityRef).toBe(
              turnAt(rules, [], at)?.userEntityRef,
            );
          }
        }
        if (o.end < to) {
          expect(onCallAt(rules, overrides, o.end)?.source).toBe(
            turnAt(rules, [], o.end)?.source,
          );
        }
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

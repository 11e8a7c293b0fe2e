import { DateTime } from 'luxon';
import {
  OverridePeriod,
  finalTimeline,
  nextTurnAfter,
  onCallAt,
} from './timeline';

// Readable examples of the schedule maths; the properties are in
// timeline.property.test.ts.

const u = (name: string) => `user:default/${name}`;
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });
/** A piece as people read it: who, from, to, in the schedule's zone. */
const show = (p: { userEntityRef: string; start: DateTime; end: DateTime }) =>
  `${p.userEntityRef.replace('user:default/', '')} ${p.start.toISO({
    suppressMilliseconds: true,
    suppressSeconds: true,
  })} → ${p.end.toISO({ suppressMilliseconds: true, suppressSeconds: true })}`;

const override = (
  id: string,
  user: string,
  start: string,
  end: string,
  createdAt = '2026-12-01T00:00:00Z',
): OverridePeriod => ({
  id,
  userEntityRef: u(user),
  start: at(start),
  end: at(end),
  createdAt: at(createdAt),
});

describe('a weekly rotation handing off on Mondays at 09:00 in Shanghai', () => {
  const rules = {
    timeZone: 'Asia/Shanghai',
    layers: [
      {
        members: [u('zhangsan'), u('lisi'), u('wangwu')],
        handoffTime: '09:00',
        rotationDays: 7,
        startDate: '2026-11-30', // a Monday
      },
    ],
  };

  it('puts each member on call for a week in turn, whatever zone the question is asked in', () => {
    expect(
      finalTimeline(
        rules,
        [],
        at('2026-11-30T00:00:00Z'),
        at('2026-12-21T01:00:00Z'),
      ).map(show),
    ).toEqual([
      'zhangsan 2026-11-30T09:00+08:00 → 2026-12-07T09:00+08:00',
      'lisi 2026-12-07T09:00+08:00 → 2026-12-14T09:00+08:00',
      'wangwu 2026-12-14T09:00+08:00 → 2026-12-21T09:00+08:00',
    ]);
    // Monday 08:59 in Shanghai is 00:59 UTC: still zhangsan.
    expect(onCallAt(rules, [], at('2026-12-07T00:59:00Z'))?.userEntityRef).toBe(
      u('zhangsan'),
    );
    expect(onCallAt(rules, [], at('2026-12-07T01:00:00Z'))?.userEntityRef).toBe(
      u('lisi'),
    );
    // Before the start date nobody is on call from this layer.
    expect(
      onCallAt(rules, [], at('2026-11-30T08:59:00+08:00')),
    ).toBeUndefined();
  });

  it('says who is next, and until when', () => {
    const next = nextTurnAfter(rules, [], at('2026-12-08T12:00:00+08:00'));
    expect(next && show(next)).toBe(
      'wangwu 2026-12-14T09:00+08:00 → 2026-12-21T09:00+08:00',
    );
  });
});

describe('"I take Tuesday": an override across a hand-off', () => {
  const rules = {
    timeZone: 'Asia/Shanghai',
    layers: [
      {
        members: [u('zhangsan'), u('lisi')],
        handoffTime: '09:00',
        rotationDays: 1,
        startDate: '2026-12-07',
      },
    ],
  };
  const tuesday = override(
    'o1',
    'chenjing',
    '2026-12-08T00:00:00+08:00',
    '2026-12-09T00:00:00+08:00',
  );

  it('cuts the shifts it covers; the rotation resumes where it would have been', () => {
    expect(
      finalTimeline(
        rules,
        [tuesday],
        at('2026-12-07T09:00:00+08:00'),
        at('2026-12-09T09:00:00+08:00'),
      ).map(p => `${show(p)} (${p.source})`),
    ).toEqual([
      'zhangsan 2026-12-07T09:00+08:00 → 2026-12-08T00:00+08:00 (0)',
      'chenjing 2026-12-08T00:00+08:00 → 2026-12-09T00:00+08:00 (override)',
      'lisi 2026-12-09T00:00+08:00 → 2026-12-09T09:00+08:00 (0)',
    ]);
    const monday = onCallAt(rules, [tuesday], at('2026-12-07T20:00:00+08:00'));
    expect(show(monday!)).toBe(
      'zhangsan 2026-12-07T20:00+08:00 → 2026-12-08T00:00+08:00',
    );
  });

  it('lets the override made last win where two overlap', () => {
    const later = override(
      'o2',
      'wangwu',
      '2026-12-08T12:00:00+08:00',
      '2026-12-08T18:00:00+08:00',
      '2026-12-02T00:00:00Z',
    );
    expect(
      onCallAt(rules, [later, tuesday], at('2026-12-08T13:00:00+08:00'))
        ?.userEntityRef,
    ).toBe(u('wangwu'));
    expect(
      onCallAt(rules, [later, tuesday], at('2026-12-08T19:00:00+08:00'))
        ?.userEntityRef,
    ).toBe(u('chenjing'));
  });
});

describe('hand-offs across daylight-saving changes', () => {
  const daily = (timeZone: string, handoffTime: string, startDate: string) => ({
    timeZone,
    layers: [
      {
        members: [u('a'), u('b')],
        handoffTime,
        rotationDays: 1,
        startDate,
      },
    ],
  });

  it('makes the spring-forward day a 23-hour shift and the fall-back day a 25-hour one (New York)', () => {
    const spring = finalTimeline(
      daily('America/New_York', '09:00', '2026-03-07'),
      [],
      at('2026-03-07T09:00:00-05:00'),
      at('2026-03-09T09:00:00-04:00'),
    );
    expect(spring.map(show)).toEqual([
      'a 2026-03-07T09:00-05:00 → 2026-03-08T09:00-04:00',
      'b 2026-03-08T09:00-04:00 → 2026-03-09T09:00-04:00',
    ]);
    expect(spring[0].end.diff(spring[0].start, 'hours').hours).toBe(23);

    const fall = finalTimeline(
      daily('America/New_York', '09:00', '2026-10-31'),
      [],
      at('2026-10-31T09:00:00-04:00'),
      at('2026-11-01T09:00:00-05:00'),
    );
    expect(fall[0].end.diff(fall[0].start, 'hours').hours).toBe(25);
  });

  it("hands off at 03:30 when 02:30 does not exist (luxon's reading), and at the later 02:30 when it exists twice (Berlin)", () => {
    const spring = finalTimeline(
      daily('Europe/Berlin', '02:30', '2026-03-28'),
      [],
      at('2026-03-28T12:00:00+01:00'),
      at('2026-03-30T12:00:00+02:00'),
    );
    expect(spring.map(show)).toEqual([
      'a 2026-03-28T12:00+01:00 → 2026-03-29T03:30+02:00',
      'b 2026-03-29T03:30+02:00 → 2026-03-30T02:30+02:00',
      'a 2026-03-30T02:30+02:00 → 2026-03-30T12:00+02:00',
    ]);
    const fall = finalTimeline(
      daily('Europe/Berlin', '02:30', '2026-10-24'),
      [],
      at('2026-10-25T00:00:00+02:00'),
      at('2026-10-25T12:00:00+01:00'),
    );
    expect(fall.map(show)).toEqual([
      // 25 hours: from 02:30 summer time to the second 02:30.
      'a 2026-10-25T00:00+02:00 → 2026-10-25T02:30+01:00',
      'b 2026-10-25T02:30+01:00 → 2026-10-25T12:00+01:00',
    ]);
  });

  it('hands off at midnight in Shanghai while the question comes in UTC', () => {
    const rules = daily('Asia/Shanghai', '00:00', '2026-12-01');
    // 16:00 UTC on 30 November is midnight on 1 December in Shanghai.
    expect(onCallAt(rules, [], at('2026-11-30T15:59:59Z'))).toBeUndefined();
    expect(onCallAt(rules, [], at('2026-11-30T16:00:00Z'))?.userEntityRef).toBe(
      u('a'),
    );
    expect(onCallAt(rules, [], at('2026-12-01T16:00:00Z'))?.userEntityRef).toBe(
      u('b'),
    );
  });
});

describe('layers', () => {
  it('answer in order: the first layer with someone on call wins', () => {
    const rules = {
      timeZone: 'UTC',
      layers: [
        // Weekends only would need gaps; a layer that starts later shows precedence.
        {
          members: [u('primary')],
          handoffTime: '00:00',
          rotationDays: 7,
          startDate: '2026-12-10',
        },
        {
          members: [u('backup')],
          handoffTime: '00:00',
          rotationDays: 7,
          startDate: '2026-12-01',
        },
      ],
    };
    expect(
      finalTimeline(
        rules,
        [],
        at('2026-12-09T00:00:00Z'),
        at('2026-12-11T00:00:00Z'),
      ).map(p => `${show(p)} (${p.source})`),
    ).toEqual([
      'backup 2026-12-09T00:00Z → 2026-12-10T00:00Z (1)',
      'primary 2026-12-10T00:00Z → 2026-12-11T00:00Z (0)',
    ]);
  });
});

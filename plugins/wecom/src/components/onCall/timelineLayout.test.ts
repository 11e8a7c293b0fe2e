import { DateTime } from 'luxon';
import {
  personColour,
  placeShifts,
  shiftAt,
  shiftLabel,
  windowStarting,
} from './timelineLayout';

describe('timeline layout', () => {
  const zone = 'Asia/Shanghai';
  const window = windowStarting(
    DateTime.fromISO('2026-12-07T12:00:00', { zone }),
    7,
    zone,
  );

  it('starts the window at midnight in the zone it is shown in', () => {
    expect(window.from.toISO()).toBe('2026-12-07T00:00:00.000+08:00');
    expect(window.to.toISO()).toBe('2026-12-14T00:00:00.000+08:00');
  });

  it('clips shifts to the window and drops those outside', () => {
    const placed = placeShifts(
      [
        {
          userEntityRef: 'user:default/lisi',
          start: '2026-11-30T01:00:00Z',
          end: '2026-12-07T01:00:00Z',
          source: 0,
        },
        {
          userEntityRef: 'user:default/zhangsan',
          start: '2026-12-07T01:00:00Z',
          end: '2026-12-14T01:00:00Z',
          source: 0,
        },
        {
          userEntityRef: 'user:default/wangwu',
          start: '2026-12-20T01:00:00Z',
          end: '2026-12-21T01:00:00Z',
          source: 0,
        },
      ],
      window,
      zone,
    );
    expect(placed).toHaveLength(2);
    // Li Si until Mon 09:00: 9 hours of the week's 168.
    expect(placed[0].leftPercent).toBe(0);
    expect(placed[0].widthPercent).toBeCloseTo((9 / 168) * 100);
    expect(placed[1].leftPercent).toBeCloseTo((9 / 168) * 100);
    expect(placed[1].leftPercent + placed[1].widthPercent).toBe(100);
  });

  it('reads a shift out with "next week" when it ends in the following week', () => {
    const start = DateTime.fromISO('2026-12-07T09:00', { zone });
    expect(
      shiftLabel('Zhang San', start, start.plus({ weeks: 1 }), false),
    ).toBe('Zhang San, Mon 09:00 – Mon 09:00 next week');
    expect(shiftLabel('Wang Wu', start, start.plus({ days: 1 }), true)).toBe(
      'Wang Wu, Mon 09:00 – Tue 09:00 (override)',
    );
    expect(shiftLabel('Li Si', start, start.plus({ weeks: 2 }), false)).toBe(
      'Li Si, Mon 09:00 – Mon 21 Dec 09:00',
    );
    // Begun before the window: the start's date is not on screen, so say it.
    expect(
      shiftLabel(
        'Li Si',
        start,
        start.plus({ weeks: 1 }),
        false,
        start.plus({ days: 1 }),
      ),
    ).toBe('Li Si, Mon 7 Dec 09:00 – Mon 09:00 next week');
  });

  it('gives each person the same colour every time, and different people different ones', () => {
    expect(personColour('user:default/zhangsan')).toBe(
      personColour('user:default/zhangsan'),
    );
    expect(personColour('user:default/zhangsan')).not.toBe(
      personColour('user:default/lisi'),
    );
  });

  it('finds who is on call at a moment', () => {
    const shifts = [
      {
        userEntityRef: 'user:default/zhangsan',
        start: '2026-12-07T01:00:00Z',
        end: '2026-12-08T01:00:00Z',
        source: 0 as const,
      },
    ];
    expect(
      shiftAt(shifts, DateTime.fromISO('2026-12-07T01:00:00Z'))?.userEntityRef,
    ).toBe('user:default/zhangsan');
    expect(shiftAt(shifts, DateTime.fromISO('2026-12-08T01:00:00Z'))).toBe(
      undefined,
    );
  });
});

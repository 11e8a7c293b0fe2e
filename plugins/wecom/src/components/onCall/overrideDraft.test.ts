import { checkOverrideDraft, parseWallClock } from './overrideDraft';

describe('checkOverrideDraft', () => {
  it("sends the schedule zone's wall-clock times as ISO with its offset", () => {
    expect(
      checkOverrideDraft(
        {
          userEntityRef: 'user:default/zhangsan',
          start: '2026-12-08 09:00',
          end: '2026-12-09T09:00',
        },
        'Asia/Shanghai',
      ),
    ).toEqual({
      input: {
        userEntityRef: 'user:default/zhangsan',
        start: '2026-12-08T09:00:00+08:00',
        end: '2026-12-09T09:00:00+08:00',
      },
    });
  });

  it('uses the offset in force at each time, across a daylight-saving change', () => {
    const result = checkOverrideDraft(
      {
        userEntityRef: 'user:default/zhangsan',
        start: '2026-03-28 12:00',
        end: '2026-03-29 12:00',
      },
      'Europe/Berlin',
    );
    expect(result.input?.start).toBe('2026-03-28T12:00:00+01:00');
    expect(result.input?.end).toBe('2026-03-29T12:00:00+02:00');
  });

  it('says what to fix', () => {
    expect(
      checkOverrideDraft(
        { userEntityRef: '', start: 'Tuesday', end: '2026-12-08 08:00' },
        'Asia/Shanghai',
      ).problems,
    ).toEqual([
      'Pick who is on call.',
      'Start must look like 2026-12-08 09:00.',
    ]);
    expect(
      checkOverrideDraft(
        {
          userEntityRef: 'user:default/zhangsan',
          start: '2026-12-08 09:00',
          end: '2026-12-08 09:00',
        },
        'Asia/Shanghai',
      ).problems,
    ).toEqual(['End must be after start.']);
  });

  it('reads only whole wall-clock times', () => {
    expect(parseWallClock('2026-12-08', 'UTC')).toBeUndefined();
    expect(parseWallClock('2026-12-08 25:00', 'UTC')).toBeUndefined();
  });
});

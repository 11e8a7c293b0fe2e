import { checkScheduleDraft, moved, ScheduleDraft } from './scheduleDraft';

const valid: ScheduleDraft = {
  name: ' SRE primary ',
  ownerRef: 'group:default/sre',
  timeZone: 'Asia/Shanghai',
  layers: [
    {
      key: 'a',
      members: ['user:default/zhangsan', 'user:default/lisi'],
      handoffTime: '09:00',
      rotationDays: '7',
      startDate: '2026-12-01',
    },
  ],
};

describe('checkScheduleDraft', () => {
  it('builds exactly the body of POST /schedules', () => {
    expect(checkScheduleDraft(valid)).toEqual({
      input: {
        name: 'SRE primary',
        ownerRef: 'group:default/sre',
        timeZone: 'Asia/Shanghai',
        layers: [
          {
            members: ['user:default/zhangsan', 'user:default/lisi'],
            handoffTime: '09:00',
            rotationDays: 7,
            startDate: '2026-12-01',
          },
        ],
      },
    });
  });

  it('says what to fix, per layer, in words a person acts on', () => {
    const result = checkScheduleDraft({
      name: '  ',
      ownerRef: '',
      timeZone: 'Mars/Olympus',
      layers: [
        valid.layers[0],
        {
          key: 'b',
          members: [],
          handoffTime: '9:00',
          rotationDays: '1.5',
          startDate: '2026-13-01',
        },
      ],
    });
    expect(result.problems).toEqual([
      'Give the schedule a name.',
      'Pick the group that owns the schedule.',
      'Pick a time zone from the list, like Asia/Shanghai.',
      'Layer 2: Add at least one member.',
      'Layer 2: Hand-off time must look like 09:00.',
      'Layer 2: Rotation length must be a whole number of days from 1 to 366.',
      'Layer 2: Start date must be a date like 2026-12-01.',
    ]);
  });

  it('refuses a schedule without layers and rotations out of range', () => {
    expect(checkScheduleDraft({ ...valid, layers: [] }).problems).toEqual([
      'Add at least one layer.',
    ]);
    expect(
      checkScheduleDraft({
        ...valid,
        layers: [
          { ...valid.layers[0], rotationDays: '367', handoffTime: '24:00' },
        ],
      }).problems,
    ).toEqual([
      'Layer 1: Hand-off time must look like 09:00.',
      'Layer 1: Rotation length must be a whole number of days from 1 to 366.',
    ]);
  });
});

describe('moved', () => {
  it('swaps with the neighbour and ignores moves past either end', () => {
    expect(moved(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moved(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });
});

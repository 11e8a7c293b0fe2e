import { checkPolicyDraft, PolicyDraft } from './policyDraft';
import { levelsSummary } from './onCallLabels';

const valid: PolicyDraft = {
  name: 'SRE default',
  ownerRef: 'group:default/sre',
  levels: [
    {
      key: 'a',
      targets: [{ kind: 'schedule', ref: 'sch-1' }],
      delayMinutes: '15',
    },
    {
      key: 'b',
      targets: [{ kind: 'group', ref: 'group:default/sre' }],
      delayMinutes: '30',
    },
  ],
  repeat: '2',
};

describe('checkPolicyDraft', () => {
  it('builds exactly the body of POST /escalation-policies', () => {
    expect(checkPolicyDraft(valid)).toEqual({
      input: {
        name: 'SRE default',
        ownerRef: 'group:default/sre',
        levels: [
          { targets: [{ kind: 'schedule', ref: 'sch-1' }], delayMinutes: 15 },
          {
            targets: [{ kind: 'group', ref: 'group:default/sre' }],
            delayMinutes: 30,
          },
        ],
        repeat: 2,
      },
    });
  });

  it('says what to fix', () => {
    expect(
      checkPolicyDraft({
        name: '',
        ownerRef: '',
        levels: [{ key: 'a', targets: [], delayMinutes: '0' }],
        repeat: '10',
      }).problems,
    ).toEqual([
      'Give the policy a name.',
      'Pick the group that owns the policy.',
      'Level 1: Add at least one schedule, group or user.',
      'Level 1: Delay must be a whole number of minutes from 1 to 1440.',
      'Repeat must be a whole number from 0 to 9.',
    ]);
    expect(checkPolicyDraft({ ...valid, levels: [] }).problems).toEqual([
      'Add at least one level.',
    ]);
  });
});

describe('levelsSummary', () => {
  it('reads a policy on one line, schedules by name', () => {
    const policy = checkPolicyDraft(valid).input!;
    expect(
      levelsSummary(policy, new Map([['sch-1', 'SRE primary schedule']])),
    ).toBe('1: SRE primary schedule → after 15 min 2: group:sre → repeat 2×');
    expect(levelsSummary({ ...policy, repeat: 0 }, new Map())).toBe(
      '1: schedule sch-1 → after 15 min 2: group:sre',
    );
  });
});

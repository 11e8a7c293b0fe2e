import { DateTime } from 'luxon';
import {
  PolicySnapshot,
  firstPolicyStep,
  isPolicyExhausted,
  nextPolicyStep,
  policyExhaustedMessage,
  policyStepHeadline,
} from './policyRun';

const start = DateTime.fromISO('2026-12-07T23:50:00', {
  zone: 'Asia/Shanghai',
});
const policy: PolicySnapshot = {
  id: 'payments',
  name: 'Payments',
  version: 3,
  levels: [
    { targets: [{ kind: 'schedule', ref: 'primary' }], delayMinutes: 5 },
    {
      targets: [{ kind: 'group', ref: 'group:default/sre' }],
      delayMinutes: 10,
    },
    { targets: [{ kind: 'user', ref: 'user:default/boss' }], delayMinutes: 30 },
  ],
  repeat: 1,
};

/** Every step of a run, as [level, round, minutes after the start]. */
function run(p: PolicySnapshot) {
  const steps: Array<[number, number, number]> = [];
  let step = firstPolicyStep(p, start);
  for (let guard = 0; step && guard < 100; guard++) {
    steps.push([
      step.level,
      step.round,
      step.dueAt.diff(start, 'minutes').minutes,
    ]);
    step = nextPolicyStep(p, step, start)!;
  }
  return steps;
}

describe('a stored policy run', () => {
  it('waits each level its own delay, repeats the levels, then ends', () => {
    expect(run(policy)).toEqual([
      [1, 0, 5],
      [2, 0, 15],
      [0, 1, 45],
      [1, 1, 50],
      [2, 1, 60],
      // The last level has its delay too before the run ends.
      [3, 1, 90],
    ]);
    expect(isPolicyExhausted(policy, { level: 3 })).toBe(true);
    expect(isPolicyExhausted(policy, { level: 2 })).toBe(false);
  });

  it('notifies every level once without repeat, and ends after the last delay', () => {
    expect(run({ ...policy, repeat: 0 })).toEqual([
      [1, 0, 5],
      [2, 0, 15],
      [3, 0, 45],
    ]);
  });

  it('repeats a single level as many times as asked', () => {
    const single = { ...policy, levels: [policy.levels[0]], repeat: 2 };
    expect(run(single)).toEqual([
      [0, 1, 5],
      [0, 2, 10],
      [1, 2, 15],
    ]);
  });

  it('counts from the trigger across midnight in Asia/Shanghai and keeps the zone', () => {
    const step = firstPolicyStep(policy, start);
    const later = nextPolicyStep(policy, step, start)!;
    expect(later.dueAt.toISO()).toBe('2026-12-08T00:05:00.000+08:00');
  });

  it('names the policy and its version in every step', () => {
    expect(policyStepHeadline(policy, { level: 1, round: 0 })).toBe(
      'Escalated to level 2 of policy "Payments" (v3) (5 minutes unacknowledged)',
    );
    expect(policyStepHeadline(policy, { level: 2, round: 1 })).toBe(
      'Escalated to level 3 of policy "Payments" (v3) (10 minutes unacknowledged, repeat 1)',
    );
    expect(policyStepHeadline(policy, { level: 0, round: 1 })).toBe(
      'Repeated policy "Payments" (v3) from level 1 (repeat 1 of 1, still unacknowledged)',
    );
    expect(policyExhaustedMessage(policy)).toBe(
      'Policy "Payments" (v3) ran out: every level was notified 2 times and nobody acknowledged; no further notifications',
    );
  });
});

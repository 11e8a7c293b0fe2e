import { DateTime } from 'luxon';
import { EscalationConfig } from './config';
import { EscalationPolicy, EscalationStep } from './EscalationPolicy';

const start = DateTime.fromISO('2026-11-26T09:00:00Z', { zone: 'utc' });
const minutesOf = (step: EscalationStep) =>
  step.dueAt.diff(start, 'minutes').minutes;

/** The steps of a run nobody acknowledges, fired on time, up to `until` minutes. */
function schedule(config: EscalationConfig, until: number): string[] {
  const policy = new EscalationPolicy(config);
  const steps: string[] = [];
  let step = policy.first(start);
  while (step && minutesOf(step) <= until) {
    steps.push(`L${step.level}.${step.round}@${minutesOf(step)}`);
    step = policy.after(step, start, step.dueAt);
  }
  return steps;
}

const levels = [
  { afterMinutes: 15, targets: ['group:default/sre'] },
  { afterMinutes: 30, targets: ['user:default/boss'] },
];

describe('EscalationPolicy', () => {
  it('escalates level by level, counting from the trigger', () => {
    expect(schedule({ levels, renotifyMinutes: 0 }, 600)).toEqual([
      'L1.0@15',
      'L2.0@30',
    ]);
  });

  it('re-notifies the current level until the next one is due, then keeps re-notifying the last', () => {
    expect(schedule({ levels, renotifyMinutes: 10 }, 60)).toEqual([
      'L0.1@10',
      'L1.0@15',
      'L1.1@25',
      'L2.0@30',
      'L2.1@40',
      'L2.2@50',
      'L2.3@60',
    ]);
  });

  it('has nothing to do without levels or re-notification', () => {
    expect(
      new EscalationPolicy({ levels: [], renotifyMinutes: 0 }).first(start),
    ).toBeUndefined();
  });

  it('skips re-notifications missed while nothing ran instead of sending a burst', () => {
    const policy = new EscalationPolicy({ levels: [], renotifyMinutes: 10 });
    const late = policy.after(
      { level: 0, round: 1, dueAt: start.plus({ minutes: 10 }) },
      start,
      start.plus({ minutes: 75 }),
    );
    expect(late && minutesOf(late)).toBe(80);
    expect(late?.round).toBe(2);
  });

  it('names the targets and the words of each step', () => {
    const policy = new EscalationPolicy({ levels, renotifyMinutes: 10 });
    expect(policy.targets(0)).toBeUndefined();
    expect(policy.targets(2)).toEqual(['user:default/boss']);
    expect(policy.headline({ level: 1, round: 0 })).toBe(
      'Escalated to level 1 (15 minutes unacknowledged)',
    );
    expect(policy.headline({ level: 0, round: 2 })).toBe(
      'Re-notified the responders (repeat 2, still unacknowledged)',
    );
  });
});

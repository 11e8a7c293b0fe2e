import {
  WeComEscalationPolicy,
  WeComEscalationPolicyLevel,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { EscalationStep } from './EscalationPolicy';

/**
 * The stored policy an incident's run started with, kept on its timers:
 * a policy edited (or deleted) while the incident escalates does not
 * change the running incident.
 */
export interface PolicySnapshot {
  id: string;
  name: string;
  version: number;
  levels: WeComEscalationPolicyLevel[];
  repeat: number;
}

export function snapshotOf(policy: WeComEscalationPolicy): PolicySnapshot {
  const { id, name, version, levels, repeat } = policy;
  return { id, name, version, levels, repeat };
}

/** `policy "Payments" (v3)`, as the timeline names it. */
export function policyLabel(policy: PolicySnapshot): string {
  return `policy "${policy.name}" (v${policy.version})`;
}

// A run of a stored policy, with no I/O. Steps count `level` as the index in
// `levels` (level 0 is notified when the incident triggers) and `round` as
// the pass through the levels (0 = first, n = nth repeat). Each level has
// `delayMinutes` to acknowledge before the next; after the last level's
// delay the run starts again at level 0, `repeat` times, and then one last
// step (`level === levels.length`) only says that the policy ran out. Times
// count from when the incident was (re)triggered, so an outage of the drain
// delays steps without shifting the ones after.

/** The step after the level-0 notification sent when the run started. */
export function firstPolicyStep(
  policy: PolicySnapshot,
  startedAt: DateTime,
): EscalationStep {
  return nextPolicyStep(policy, { level: 0, round: 0 }, startedAt)!;
}

/** The step after `fired`, or undefined once the run has ended. */
export function nextPolicyStep(
  policy: PolicySnapshot,
  fired: Pick<EscalationStep, 'level' | 'round'>,
  runStartedAt: DateTime,
): EscalationStep | undefined {
  const count = policy.levels.length;
  if (fired.level >= count) return undefined;
  let level = fired.level + 1;
  let round = fired.round;
  if (level === count && round < policy.repeat) {
    level = 0;
    round += 1;
  }
  const minutes = round * cycleMinutes(policy) + delayBefore(policy, level);
  return { level, round, dueAt: runStartedAt.plus({ minutes }) };
}

/** True for the step that only records that the policy ran out. */
export function isPolicyExhausted(
  policy: PolicySnapshot,
  step: Pick<EscalationStep, 'level'>,
): boolean {
  return step.level >= policy.levels.length;
}

/** The timeline's words for a step that notifies a level. */
export function policyStepHeadline(
  policy: PolicySnapshot,
  step: Pick<EscalationStep, 'level' | 'round'>,
): string {
  const label = policyLabel(policy);
  const where = `level ${step.level + 1} of ${label}`;
  if (step.level === 0) {
    return `Repeated ${label} from level 1 (repeat ${step.round} of ${policy.repeat}, still unacknowledged)`;
  }
  const waited = policy.levels[step.level - 1].delayMinutes;
  const repeat = step.round > 0 ? `, repeat ${step.round}` : '';
  return `Escalated to ${where} (${waited} minutes unacknowledged${repeat})`;
}

/** The timeline's words when the policy ran out. */
export function policyExhaustedMessage(policy: PolicySnapshot): string {
  const passes = policy.repeat + 1;
  return `${capitalised(
    policyLabel(policy),
  )} ran out: every level was notified ${
    passes === 1 ? 'once' : `${passes} times`
  } and nobody acknowledged; no further notifications`;
}

/** Minutes of one pass through every level. */
function cycleMinutes(policy: PolicySnapshot): number {
  return delayBefore(policy, policy.levels.length);
}

/** Minutes from the start of a pass until `level` is due. */
function delayBefore(policy: PolicySnapshot, level: number): number {
  return policy.levels
    .slice(0, level)
    .reduce((sum, l) => sum + l.delayMinutes, 0);
}

function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase('en-US') + text.slice(1);
}

import { EscalationStep } from './EscalationPolicy';
import { PolicySnapshot, isPolicyExhausted, policyLabel } from './policyRun';

/** The subset of Backstage's MetricsService counter this needs. */
export interface LevelUnreachableCounter {
  add(value: number, attributes?: Record<string, string>): void;
}

/**
 * How the timeline names a step's level: `level 2 of policy "Payments"
 * (v3)` for a stored policy (levels count from 1 there), `the responders`
 * or `level 1` for `wecom.escalation` (level 0 is the responders).
 */
export function levelName(
  step: Pick<EscalationStep, 'level' | 'round'>,
  policy: PolicySnapshot | undefined,
): string {
  if (!policy) {
    return step.level === 0 ? 'the responders' : `level ${step.level}`;
  }
  if (isPolicyExhausted(policy, step)) return 'the end of the policy';
  if (step.level === 0 && step.round > 0) {
    return `the repeat from level 1 of ${policyLabel(policy)}`;
  }
  return `level ${step.level + 1} of ${policyLabel(policy)}`;
}

/** The next step's name, short: the policy was named already. */
function nextName(
  step: EscalationStep,
  policy: PolicySnapshot | undefined,
): string {
  const name = levelName(step, policy);
  return policy ? name.replace(` of ${policyLabel(policy)}`, '') : name;
}

/**
 * The timeline's and the log's words when a level reached nobody and the
 * next step is brought forward to now.
 */
export function unreachableWords(options: {
  fired: Pick<EscalationStep, 'level' | 'round'>;
  next: EscalationStep;
  policy: PolicySnapshot | undefined;
  /** Minutes the next step would have waited. */
  waitedMinutes: number;
}): { timeline: string; log: string } {
  const { fired, next, policy } = options;
  const who = levelName(fired, policy);
  const then = nextName(next, policy);
  const reaches = !policy && fired.level === 0 ? 'reach' : 'reaches';
  const comes =
    policy && isPolicyExhausted(policy, next) ? 'comes' : 'is notified';
  return {
    timeline: `${capitalised(
      who,
    )} ${reaches} nobody on WeCom: ${then} ${comes} now instead of after ${Math.round(
      options.waitedMinutes,
    )} minutes`,
    log: `${who} ${reaches} nobody on WeCom, moving on to ${then} now`,
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase('en-US') + text.slice(1);
}

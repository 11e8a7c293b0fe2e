import type {
  WeComEscalationPolicy,
  WeComEscalationPolicyInput,
  WeComEscalationTarget,
} from 'backstage-plugin-wecom-common';
import { CheckedDraft, newRowKey, wholeNumberIn } from './scheduleDraft';

/** One level as the form holds it. */
export interface LevelDraft {
  key: string;
  targets: WeComEscalationTarget[];
  delayMinutes: string;
}

/** The escalation policy form's state. */
export interface PolicyDraft {
  name: string;
  ownerRef: string;
  levels: LevelDraft[];
  repeat: string;
}

/** A new level: nobody yet, 15 minutes to acknowledge. */
export function emptyLevel(): LevelDraft {
  return { key: newRowKey(), targets: [], delayMinutes: '15' };
}

/** The form's state for a new policy, or for editing `policy`. */
export function policyDraft(policy?: WeComEscalationPolicy): PolicyDraft {
  if (!policy) {
    return { name: '', ownerRef: '', levels: [emptyLevel()], repeat: '0' };
  }
  return {
    name: policy.name,
    ownerRef: policy.ownerRef,
    levels: policy.levels.map(level => ({
      key: newRowKey(),
      targets: level.targets.map(target => ({ ...target })),
      delayMinutes: String(level.delayMinutes),
    })),
    repeat: String(policy.repeat),
  };
}

/**
 * Checks the form as the backend will and builds exactly the body the API
 * takes (`WeComEscalationPolicyInput`).
 */
export function checkPolicyDraft(
  draft: PolicyDraft,
): CheckedDraft<WeComEscalationPolicyInput> {
  const problems: string[] = [];
  const name = draft.name.trim();
  if (!name) problems.push('Give the policy a name.');
  if (!draft.ownerRef) problems.push('Pick the group that owns the policy.');
  if (draft.levels.length === 0) problems.push('Add at least one level.');
  const levels = draft.levels.map((level, index) => {
    const where = `Level ${index + 1}: `;
    if (level.targets.length === 0) {
      problems.push(`${where}Add at least one schedule, group or user.`);
    }
    const delayMinutes = wholeNumberIn(level.delayMinutes, 1, 1440);
    if (delayMinutes === undefined) {
      problems.push(
        `${where}Delay must be a whole number of minutes from 1 to 1440.`,
      );
    }
    return { targets: level.targets, delayMinutes: delayMinutes ?? 0 };
  });
  const repeat = wholeNumberIn(draft.repeat, 0, 9);
  if (repeat === undefined) {
    problems.push('Repeat must be a whole number from 0 to 9.');
  }
  if (problems.length > 0) return { problems };
  return {
    input: { name, ownerRef: draft.ownerRef, levels, repeat: repeat ?? 0 },
  };
}

import type {
  WeComEscalationPolicy,
  WeComEscalationTarget,
} from 'backstage-plugin-wecom-common';
import {
  entityRefName,
  refWithoutDefaultNamespace,
} from '../shared/memberRefs';

/** Display names of catalog entities by ref (from {@link useCatalogPeople}). */
export type NameLookup = (ref: string) => string;

/** The catalog's display name, else the ref's name part. */
export function nameFrom(names: Map<string, string>): NameLookup {
  return ref => names.get(ref) ?? entityRefName(ref);
}

/** A target in words: a schedule by name, a group or user by short ref. */
export function targetLabel(
  target: WeComEscalationTarget,
  scheduleNames: Map<string, string>,
): string {
  if (target.kind === 'schedule') {
    return scheduleNames.get(target.ref) ?? `schedule ${target.ref}`;
  }
  return refWithoutDefaultNamespace(target.ref);
}

/**
 * A policy's levels on one line:
 * "1: SRE primary → after 15 min 2: group:sre → repeat 2×".
 */
export function levelsSummary(
  policy: Pick<WeComEscalationPolicy, 'levels' | 'repeat'>,
  scheduleNames: Map<string, string>,
): string {
  const parts = policy.levels.map((level, index) => {
    const targets = level.targets
      .map(target => targetLabel(target, scheduleNames))
      .join(', ');
    const step = `${index + 1}: ${targets}`;
    return index < policy.levels.length - 1
      ? `${step} → after ${level.delayMinutes} min`
      : step;
  });
  if (policy.repeat > 0) parts.push(`→ repeat ${policy.repeat}×`);
  return parts.join(' ');
}

/** The annotation a component or group uses to pick a policy. */
export const ESCALATION_POLICY_ANNOTATION =
  'work.weixin.qq.com/escalation-policy';

import { InputError } from '@backstage/errors';
import { WeComEscalationPolicyInput } from 'backstage-plugin-wecom-common';
import { z } from 'zod';
import { printable } from '../http/requestFields';
import { readEntityRef } from '../catalog/catalogEntities';
import { parseInput } from '../http/parseInput';

export const MAX_LEVELS = 10;
export const MAX_TARGETS = 20;
export const MAX_DELAY_MINUTES = 1440;
export const MAX_REPEAT = 9;

const whole = (what: string, min: number, max: number, unit = '') =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}${unit}`)
    .max(max, `${what} must be at most ${max}${unit}`);

const targetSchema = z
  .object({
    kind: z.enum(['schedule', 'group', 'user'], {
      error: 'kind must be schedule, group or user',
    }),
    ref: z.string().trim().min(1, 'ref must not be empty').max(255),
  })
  .strict();

const levelSchema = z
  .object({
    targets: z
      .array(targetSchema)
      .min(1, 'a level needs at least one target')
      .max(MAX_TARGETS, `a level has at most ${MAX_TARGETS} targets`),
    delayMinutes: whole(
      'delayMinutes',
      1,
      MAX_DELAY_MINUTES,
      ' minutes (24 hours)',
    ),
  })
  .strict();

const policySchema = z
  .object({
    // Names reach incident timelines, WeCom and the model: no control
    // characters.
    name: z
      .string()
      .trim()
      .min(1, 'name must not be empty')
      .max(100, 'name is at most 100 characters')
      .pipe(printable('name')),
    ownerRef: z.string().trim().min(1, 'ownerRef must name a group').max(255),
    levels: z
      .array(levelSchema)
      .min(1, 'a policy needs at least one level')
      .max(MAX_LEVELS, `a policy has at most ${MAX_LEVELS} levels`),
    repeat: whole('repeat', 0, MAX_REPEAT),
  })
  .strict();

/**
 * Reads a policy from a request body: shape and bounds, then refs
 * normalised (`jdoe` → `user:default/jdoe`, lower-case) and checked for
 * their kind. Whether they exist is the service's question.
 */
export function parsePolicyInput(body: unknown): WeComEscalationPolicyInput {
  const input = parseInput(policySchema, body, 'escalation policy');
  const problems: string[] = [];
  const ownerRef = kindRef(input.ownerRef, 'group', 'ownerRef', problems);
  const levels = input.levels.map((level, l) => {
    const seen = new Set<string>();
    const targets = level.targets.map((target, t) => {
      const where = `levels.${l}.targets.${t}`;
      const ref =
        target.kind === 'schedule'
          ? target.ref
          : kindRef(target.ref, target.kind, where, problems);
      const key = `${target.kind}:${ref}`;
      if (seen.has(key)) problems.push(`${where}: names ${ref} twice`);
      seen.add(key);
      return { kind: target.kind, ref };
    });
    return { targets, delayMinutes: level.delayMinutes };
  });
  if (problems.length > 0) {
    throw new InputError(`Invalid escalation policy: ${problems.join('; ')}`);
  }
  return { name: input.name, ownerRef, levels, repeat: input.repeat };
}

/**
 * A normalised ref of the expected kind; a problem noted otherwise. Names
 * the catalog would refuse are not checked here: the service's catalog
 * lookup names refs that do not exist.
 */
function kindRef(
  raw: string,
  kind: 'user' | 'group',
  where: string,
  problems: string[],
): string {
  const { ref } = readEntityRef(raw, { defaultKind: kind });
  if (!ref) {
    problems.push(`${where}: "${raw}" is not an entity ref`);
    return raw;
  }
  // Normalised even when of another kind, so a duplicate is named once.
  if (!ref.startsWith(`${kind}:`)) {
    problems.push(`${where}: "${raw}" is not a ${kind}`);
  }
  return ref;
}

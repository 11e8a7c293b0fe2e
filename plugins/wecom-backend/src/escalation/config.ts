import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** One escalation level after the first notification. */
export interface EscalationLevel {
  /** Minutes after the incident was (re)triggered, not after the previous level. */
  afterMinutes: number;
  /** User or group entity refs, normalised (`group:default/sre`). */
  targets: string[];
}

/**
 * `wecom.escalation`: level 0 is the first notification to the responders;
 * `levels[0]` is level 1, `levels[1]` level 2, …
 */
export interface EscalationConfig {
  levels: EscalationLevel[];
  /** Re-notify the current level every so many minutes until acknowledged; 0 = never. */
  renotifyMinutes: number;
}

/** Reads `wecom.escalation`, refusing at start-up what would misfire later. */
export function readEscalationConfig(config: Config): EscalationConfig {
  const levels = (
    config.getOptionalConfigArray('wecom.escalation.levels') ?? []
  ).map((level, index) => {
    const where = `wecom.escalation.levels[${index}]`;
    const afterMinutes = level.getNumber('afterMinutes');
    if (!(afterMinutes > 0)) {
      throw new InputError(`${where}.afterMinutes must be more than 0`);
    }
    const targets = level.getStringArray('targets');
    if (targets.length === 0) {
      throw new InputError(`${where}.targets must name a user or group`);
    }
    return {
      afterMinutes,
      targets: targets.map(t => normaliseTarget(t, `${where}.targets`)),
    };
  });
  levels.forEach((level, index) => {
    const previous = levels[index - 1];
    if (previous && level.afterMinutes <= previous.afterMinutes) {
      throw new InputError(
        `wecom.escalation.levels[${index}].afterMinutes (${level.afterMinutes}) must be later than the level before (${previous.afterMinutes}): levels count from when the incident was triggered`,
      );
    }
  });
  const renotifyMinutes =
    config.getOptionalNumber('wecom.escalation.renotifyMinutes') ?? 0;
  if (!(renotifyMinutes >= 0)) {
    throw new InputError(
      'wecom.escalation.renotifyMinutes must be 0 (off) or more',
    );
  }
  return { levels, renotifyMinutes };
}

function normaliseTarget(target: string, where: string): string {
  let ref;
  try {
    ref = parseEntityRef(target, {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `${where}: "${target}" is not an entity ref (${
        (error as Error).message
      })`,
    );
  }
  const kind = ref.kind.toLocaleLowerCase('en-US');
  if (kind !== 'user' && kind !== 'group') {
    throw new InputError(
      `${where}: "${target}" is a ${ref.kind}; targets are users or groups`,
    );
  }
  return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
}

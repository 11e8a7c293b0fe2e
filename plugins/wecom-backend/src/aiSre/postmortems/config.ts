import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { Duration } from 'luxon';

const MIN_INTERVAL_KEY = 'wecom.aiSre.postmortem.minIntervalSeconds';
const DEFAULT_MIN_INTERVAL_SECONDS = 60;

/**
 * `wecom.aiSre.postmortem.minIntervalSeconds`: how long after one
 * generation of an incident's post-mortem the next may start (default 60;
 * 0 turns the limit off). It keeps repeated clicks from spending a paid
 * model's tokens.
 */
export function readPostmortemMinInterval(config: Config): Duration {
  const seconds =
    config.getOptionalNumber(MIN_INTERVAL_KEY) ?? DEFAULT_MIN_INTERVAL_SECONDS;
  if (!(seconds >= 0)) {
    throw new InputError(
      `${MIN_INTERVAL_KEY} must be 0 or more (seconds), got ${seconds}`,
    );
  }
  return Duration.fromObject({ seconds });
}

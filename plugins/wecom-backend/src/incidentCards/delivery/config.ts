import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { Duration } from 'luxon';
import { CLAIM_TIMEOUT } from './policy';

const CLAIM_TIMEOUT_KEY = 'wecom.notifications.outbox.claimTimeoutSeconds';

/**
 * A claim shorter than this would let another replica send a row whose
 * first send is still on the wire (harmless thanks to WeCom's duplicate
 * check, but wasted calls).
 */
const MIN_CLAIM_TIMEOUT_SECONDS = 5;

/**
 * `wecom.notifications.outbox.claimTimeoutSeconds`: after how long a card
 * send or card update claimed by a replica that went quiet is taken over by
 * another one. Default {@link CLAIM_TIMEOUT}.
 */
export function readOutboxClaimTimeout(config: Config): Duration {
  const seconds = config.getOptionalNumber(CLAIM_TIMEOUT_KEY);
  if (seconds === undefined) return CLAIM_TIMEOUT;
  if (!(seconds >= MIN_CLAIM_TIMEOUT_SECONDS)) {
    throw new InputError(
      `${CLAIM_TIMEOUT_KEY} must be ${MIN_CLAIM_TIMEOUT_SECONDS} or more (seconds), got ${seconds}`,
    );
  }
  return Duration.fromObject({ seconds });
}

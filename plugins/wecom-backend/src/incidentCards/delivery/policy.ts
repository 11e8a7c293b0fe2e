import { Duration } from 'luxon';

// The numbers WeCom's rules and our crash recovery hinge on, in one place.

/** `message/send` takes at most 1,000 members in `touser`. */
export const MAX_RECIPIENTS_PER_SEND = 1000;

/** WeCom's longest duplicate-check window (4 h), which every send asks for. */
export const DUPLICATE_CHECK_SECONDS = 4 * 60 * 60;

/**
 * No retry once the first attempt is this old: WeCom forgets the first
 * request after the 4 h window, so a retry then could deliver a second card.
 * The margin covers the retry's own time on the wire and the client's
 * internal retries.
 */
export const RETRY_CUTOFF = Duration.fromObject({
  seconds: DUPLICATE_CHECK_SECONDS,
}).minus({ minutes: 10 });

/** A send or card sync claimed longer ago than this belongs to a crashed replica. */
export const CLAIM_TIMEOUT = Duration.fromObject({ minutes: 2 });

/** Backoff between outbox attempts: 5 s, 10 s, 20 s, … at most 10 minutes. */
export function retryDelay(attempts: number): Duration {
  const seconds = Math.min(5 * 2 ** Math.max(0, attempts - 1), 600);
  return Duration.fromObject({ seconds });
}

/** A response code may be spent once within 72 hours of WeCom issuing it. */
export const RESPONSE_CODE_LIFETIME = Duration.fromObject({ hours: 72 });

/**
 * Codes are not spent in their last minutes: our clock and WeCom's may
 * differ, and the update takes time to arrive.
 */
export const RESPONSE_CODE_SAFETY_MARGIN = Duration.fromObject({ minutes: 10 });

/** After a card update failed for a transient reason, try again after this. */
export const SYNC_RETRY_DELAY = Duration.fromObject({ seconds: 30 });

/**
 * Errcodes of `update_template_card` meaning "this response code cannot be
 * used" (already used, expired, unknown): the next code may still work.
 * 40098 is the emulator's choice; WeCom's own code was not confirmed.
 */
export const RESPONSE_CODE_REFUSED_ERRCODES = [40098];

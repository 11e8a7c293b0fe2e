import { DateTime } from 'luxon';
import { WeComCryptoError } from '../crypto';

/**
 * A callback we refuse; the router answers `status` with `reason`. An
 * answer, not a fault: it carries no stack, which a flood of forgeries
 * would otherwise pay to capture per request and nobody reads.
 */
export class CallbackRefusal extends Error {
  name = 'CallbackRefusal';
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(reason);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.status = status;
    this.reason = reason;
  }
}

/** A refusal's answer, as a plain value. */
export interface RefusalAnswer {
  status: number;
  reason: string;
}

/** A callback that decrypted but does not carry what every event needs. */
export class MalformedCallbackError extends Error {
  name = 'MalformedCallbackError';
}

/** The query WeCom signs every callback with. */
export interface SignedQuery {
  msg_signature?: unknown;
  timestamp?: unknown;
  nonce?: unknown;
  echostr?: unknown;
}

/** The signature parameters of a callback, present and bounded. */
export interface Signed {
  signature: string;
  timestamp: string;
  nonce: string;
}

/**
 * Reads the signature parameters and refuses replays: WeCom signs the
 * current time into every callback, so an old one is a replay or a clock
 * out of sync.
 */
export function readSignedQuery(
  query: SignedQuery,
  maxClockSkewSeconds: number,
  now?: DateTime,
): Signed {
  const signed = {
    signature: requireParam(query.msg_signature, 'msg_signature'),
    timestamp: requireParam(query.timestamp, 'timestamp'),
    nonce: requireParam(query.nonce, 'nonce'),
  };
  if (!/^\d{1,12}$/.test(signed.timestamp)) {
    throw new CallbackRefusal(400, 'timestamp is not a unix time');
  }
  // Date.now() unless a test moves the clock: this runs on every callback.
  const nowSeconds = now ? now.toSeconds() : Date.now() / 1000;
  const skew = Math.abs(nowSeconds - Number(signed.timestamp));
  if (skew > maxClockSkewSeconds) {
    throw new CallbackRefusal(
      403,
      `timestamp is ${Math.round(
        skew,
      )} s away from now (at most ${maxClockSkewSeconds} s allowed): a replay or a clock out of sync`,
    );
  }
  return signed;
}

/** A required query parameter, bounded so a huge one cannot cost much. */
export function requireParam(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) {
    throw new CallbackRefusal(400, `Query parameter ${name} is missing`);
  }
  return value;
}

/** Maps the crypto's and the parsers' typed errors to refusals. */
export function refuseOnBadInput<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof WeComCryptoError) {
      const status = error.code === -40001 ? 401 : 400;
      throw new CallbackRefusal(status, `${error.message} (${error.code})`);
    }
    if (error instanceof MalformedCallbackError) {
      throw new CallbackRefusal(400, error.message);
    }
    if (error instanceof SyntaxError) {
      throw new CallbackRefusal(400, 'Body is not valid JSON');
    }
    throw error;
  }
}

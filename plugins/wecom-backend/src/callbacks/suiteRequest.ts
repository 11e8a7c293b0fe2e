import { DateTime } from 'luxon';
import { WeComCrypto } from '../crypto';
import { WeComSuiteConfig } from '../integrations/types';
import {
  CallbackRefusal,
  RefusalAnswer,
  Signed,
  SignedQuery,
  readSignedQuery,
  refuseOnBadInput as guard,
} from './refusals';

/** As the setup form accepts a Corp ID (validation.ts): letters and digits. */
export const CORP_ID = /^[A-Za-z0-9]{1,64}$/;

/**
 * The first checks of both suite callbacks (instructions and data): the
 * suite must be one of `wecom.suites` (404 otherwise) and the query a
 * signed one inside the replay window.
 */
export function openSuiteRequest(
  options: {
    suites: WeComSuiteConfig[];
    maxClockSkewSeconds: number;
    now?: () => DateTime;
  },
  suiteId: string,
  query: SignedQuery,
): { suite: WeComSuiteConfig; signed: Signed } {
  const suite = options.suites.find(s => s.suiteId === suiteId);
  if (!suite) {
    const { status, reason } = unknownSuite(suiteId);
    throw new CallbackRefusal(status, reason);
  }
  const signed = readSignedQuery(
    query,
    options.maxClockSkewSeconds,
    options.now?.(),
  );
  return { suite, signed };
}

/**
 * Why a request to this suite's URLs is refused before its body is read,
 * or undefined: the suites are app-config's, so this is a list lookup.
 */
export function suiteRefusal(
  suites: WeComSuiteConfig[],
  suiteId: string,
): RefusalAnswer | undefined {
  return suites.some(s => s.suiteId === suiteId)
    ? undefined
    : unknownSuite(suiteId);
}

function unknownSuite(suiteId: string): RefusalAnswer {
  return { status: 404, reason: `No suite "${suiteId}" in wecom.suites` };
}

/** The suite's crypto; a malformed EncodingAESKey is a refusal, not a 500. */
export function suiteCrypto(suite: WeComSuiteConfig): WeComCrypto {
  return guard(
    () =>
      new WeComCrypto({
        token: suite.token,
        encodingAESKey: suite.encodingAESKey,
        receiveId: suite.suiteId,
      }),
  );
}

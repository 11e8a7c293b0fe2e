import {
  WeComApiError,
  WeComCredentialsError,
  isWeComApiError,
} from '../connector';

/** WeCom's "no such member": 46004 for lookups, 60111 for `user/get`. */
export const MEMBER_NOT_FOUND = [46004, 60111];

/** WeCom's "over the limit" (page 90313, go-workwx `errcodes`). */
export const OVER_THE_LIMIT = [45009];

/**
 * The app may not read this member: 48002 the contacts API is not allowed,
 * 60011 the member is outside the app's visible range.
 */
export const NO_CONTACT_ACCESS = [48002, 60011];

/**
 * Errcodes every later lookup would hit too, so a run stops at the first:
 * the API is not allowed (48001, 48002), the server's IP is not trusted
 * (60020), or the credentials are wrong (Secret, Corp ID, token, AgentId,
 * suite). The client already refetched a rejected token once.
 */
const RUN_STOPPING_ERRCODES = [
  48001, 48002, 60020, 40001, 40013, 40014, 41001, 41004, 42001, 40056, 301002,
  40082, 40083, 40084, 40085, 42009, 84014,
];

const TOKEN_APIS = [
  '/cgi-bin/gettoken',
  '/cgi-bin/service/get_suite_token',
  '/cgi-bin/service/get_corp_token',
];

/** Whether `error` will fail every lookup of the run, not just this one. */
export function stopsTheRun(error: unknown): boolean {
  if (error instanceof WeComCredentialsError) return true;
  if (!(error instanceof WeComApiError)) return false;
  // No token means no lookup at all, whatever the errcode.
  return (
    RUN_STOPPING_ERRCODES.includes(error.errcode) ||
    TOKEN_APIS.includes(error.api)
  );
}

/** What a run shows for one user whose lookup failed. */
export function describeFailure(error: unknown): {
  reason: string;
  errcode?: number;
} {
  if (isWeComApiError(error)) {
    return {
      reason: `WeCom ${error.api} answered ${error.errcode} (${error.errmsg}). ${error.hint}`,
      errcode: error.errcode,
    };
  }
  return { reason: error instanceof Error ? error.message : String(error) };
}

/** Why a whole run stopped, with what an admin can do about it. */
export function describeRunError(error: unknown): {
  message: string;
  hint?: string;
  errcode?: number;
} {
  const stopped = 'One-Click Link stopped; users linked so far are kept.';
  if (isWeComApiError(error)) {
    return {
      message: `WeCom ${error.api} answered ${error.errcode} (${error.errmsg}). ${stopped}`,
      hint: error.hint,
      errcode: error.errcode,
    };
  }
  if (error instanceof WeComCredentialsError) {
    return { message: `${error.message} ${stopped}`, hint: error.hint };
  }
  return {
    message: `${
      error instanceof Error ? error.message : String(error)
    }. ${stopped}`,
  };
}

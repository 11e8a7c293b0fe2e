import { WeComApiError, WeComCredentialsError } from '../connector';

/**
 * WeCom's own answer (an errcode) or our own finding (a missing secret or
 * suite ticket), as opposed to whatever else answered or failed.
 */
export function fromWeCom(error: unknown): boolean {
  return (
    error instanceof WeComApiError || error instanceof WeComCredentialsError
  );
}

// One text for every failure that is not WeCom's answer: a refused port, a
// time-out, an HTTP error page and a JSON service that is not WeCom all read
// the same, so the test tells nobody what runs at an address. The backend
// log has the cause.
const NO_WECOM_MESSAGE =
  "No answer from WeCom's API: the endpoint could not be reached, or what answered is not WeCom";
const NO_WECOM_HINT =
  'Check the endpoint (apiBaseUrl) and that the backend can reach it; the backend log names the cause';

export function hintFor(error: unknown): { hint?: string; errcode?: number } {
  if (error instanceof WeComApiError) {
    return { hint: error.hint, errcode: error.errcode };
  }
  if (error instanceof WeComCredentialsError) {
    return { hint: error.hint };
  }
  return error ? { hint: NO_WECOM_HINT } : {};
}

export function describe(error: unknown): string {
  if (error instanceof WeComApiError) {
    return `WeCom answered ${error.errcode}: ${error.errmsg}`;
  }
  if (error instanceof WeComCredentialsError) return error.message;
  return NO_WECOM_MESSAGE;
}

import { hintForErrcode } from './errorHints';

/**
 * WeCom answered with a non-zero errcode.
 *
 * @public
 */
export class WeComApiError extends Error {
  readonly name = 'WeComApiError';
  readonly errcode: number;
  /** WeCom's own message, with any secret or token removed. */
  readonly errmsg: string;
  /** The API path, e.g. `/cgi-bin/message/send`. */
  readonly api: string;
  /** What an admin can do about it. */
  readonly hint: string;

  constructor(options: { errcode: number; errmsg: string; api: string }) {
    const hint = hintForErrcode(options.errcode);
    super(
      `WeCom ${options.api} failed with errcode ${options.errcode} (${options.errmsg}). ${hint}`,
    );
    this.errcode = options.errcode;
    this.errmsg = options.errmsg;
    this.api = options.api;
    this.hint = hint;
  }
}

/**
 * WeCom could not be reached, or answered with an HTTP error or something
 * that is not JSON.
 *
 * @public
 */
export class WeComNetworkError extends Error {
  readonly name = 'WeComNetworkError';
  readonly api: string;
  /** The HTTP status, when there was an answer. */
  readonly status?: number;

  constructor(options: { api: string; message: string; status?: number }) {
    super(`WeCom ${options.api} could not be called: ${options.message}`);
    this.api = options.api;
    this.status = options.status;
  }
}

/**
 * WeCom answered errcode 0 but without the fields the suite needs.
 *
 * @public
 */
export class WeComUnexpectedResponseError extends Error {
  readonly name = 'WeComUnexpectedResponseError';
  readonly api: string;

  constructor(options: { api: string; problems: string }) {
    super(`WeCom ${options.api} answered unexpectedly: ${options.problems}`);
    this.api = options.api;
  }
}

/**
 * The integration is missing something needed to call WeCom at all (a
 * secret, a suite ticket, a permanent code).
 *
 * @public
 */
export class WeComCredentialsError extends Error {
  readonly name = 'WeComCredentialsError';
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(`${message} ${hint}`);
    this.hint = hint;
  }
}

/**
 * Whether `error` is a {@link WeComApiError}, optionally with one of `codes`.
 *
 * @public
 */
export function isWeComApiError(
  error: unknown,
  code?: number | number[],
): error is WeComApiError {
  if (!(error instanceof WeComApiError)) {
    return false;
  }
  if (code === undefined) {
    return true;
  }
  return Array.isArray(code)
    ? code.includes(error.errcode)
    : error.errcode === code;
}

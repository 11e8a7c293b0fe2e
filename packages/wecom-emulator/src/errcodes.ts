/**
 * The WeCom errcodes the emulator answers with. Codes marked "emulator's
 * choice" were not confirmed from an official page: connectors should treat
 * them as "this request cannot succeed" rather than rely on the number.
 *
 * @public
 */
export const ErrCode = {
  OK: 0,
  SYSTEM_BUSY: -1,
  INVALID_SECRET: 40001,
  INVALID_USERID: 40003,
  INVALID_MSGTYPE: 40008,
  INVALID_CORPID: 40013,
  INVALID_ACCESS_TOKEN: 40014,
  INVALID_OAUTH_CODE: 40029,
  INVALID_AGENTID: 40056,
  /** Bad or out-of-range parameter (e.g. more than 1000 touser). */
  INVALID_PARAMETER: 40058,
  INVALID_AUTH_CODE: 40078,
  INVALID_SUITE_TOKEN: 40082,
  INVALID_SUITE_ID: 40083,
  INVALID_SUITE_SECRET: 40084,
  INVALID_SUITE_TICKET: 40085,
  /** response_code unknown, already used or older than 72 hours (emulator's choice). */
  INVALID_RESPONSE_CODE: 40098,
  MISSING_ACCESS_TOKEN: 41001,
  MISSING_CODE: 41008,
  MISSING_SUITE_TOKEN: 41022,
  ACCESS_TOKEN_EXPIRED: 42001,
  SUITE_TOKEN_EXPIRED: 42009,
  EMPTY_CONTENT: 44004,
  API_FREQ_OUT_OF_LIMIT: 45009,
  USER_NOT_FOUND: 46004,
  DATA_FORMAT_ERROR: 47001,
  API_UNAUTHORIZED: 48001,
  API_FORBIDDEN: 48002,
  NO_PRIVILEGE: 60011,
  USERID_NOT_FOUND: 60111,
  IP_NOT_TRUSTED: 60020,
  /** Every recipient was invalid. */
  ALL_RECIPIENTS_INVALID: 81013,
  /** Permanent code does not match the corp (emulator's choice). */
  INVALID_PERMANENT_CODE: 84014,
  INVALID_CHATID: 86001,
  CHAT_NOT_FOUND: 86003,
  INVALID_CHAT_OWNER: 86005,
  INVALID_CHAT_MEMBER_COUNT: 86006,
  CHAT_NOT_CREATED_BY_APP: 86008,
  CHATID_EXISTS: 86215,
  INVALID_CHAT_MEMBER: 86216,
  /** The app's visibility is not the root department (emulator's choice). */
  CHAT_CREATE_NOT_ALLOWED: 86220,
} as const;

/**
 * A failure a route answers with `{ errcode, errmsg, ...details }` and HTTP
 * 200, as WeCom does.
 */
export class WeComError extends Error {
  constructor(
    readonly errcode: number,
    errmsg: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(errmsg);
    this.name = 'WeComError';
  }
}

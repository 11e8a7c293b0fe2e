/**
 * The WeCom errcodes the emulator answers with. Meanings follow WeCom's
 * global error-code page (page 90313, as generated into xen0n/go-workwx
 * errcodes/mod.go). Codes marked "emulator's choice" are real codes whose
 * use for this case no official page confirms: connectors should treat them
 * as "this request cannot succeed" rather than rely on the number. Every
 * code here is listed in docs/wecom-api.md (a test checks).
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
  INVALID_SUITE_SECRET: 40080,
  INVALID_SUITE_TICKET: 40085,
  /**
   * response_code unknown, already used or older than 72 hours (emulator's
   * choice: page 90313 gives 40098 as "member not verified").
   */
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
  /**
   * The app may not call this API. Item 7 on page 90313: appchat is only for
   * self-built apps whose visible range is the root department.
   */
  API_FORBIDDEN: 48002,
  NO_PRIVILEGE: 60011,
  USERID_NOT_FOUND: 60111,
  IP_NOT_TRUSTED: 60020,
  /** Every recipient was invalid. */
  ALL_RECIPIENTS_INVALID: 81013,
  /** 不合法的永久授权码: unknown, revoked or another provider's permanent code. */
  INVALID_PERMANENT_CODE: 40084,
  /** 参数 chatid 不合法. */
  INVALID_CHATID: 86001,
  /** 参数 chatid 不存在 (nothing else). */
  CHAT_NOT_FOUND: 86003,
  /** 参数 群主不合法: used for an owner outside the member list. */
  INVALID_CHAT_OWNER: 86005,
  /** 群成员数过多或过少. */
  INVALID_CHAT_MEMBER_COUNT: 86006,
  /** 不合法的群成员. */
  INVALID_CHAT_MEMBER: 86007,
  /** 非法操作非自己创建的群: the chat exists but another app created it. */
  CHAT_NOT_CREATED_BY_APP: 86008,
  /**
   * 会话ID已经存在 (emulator's choice for appchat/create with a taken chatid:
   * page 90313 lists it, page 90245 names no code for this case).
   */
  CHATID_EXISTS: 86215,
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

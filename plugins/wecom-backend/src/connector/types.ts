/**
 * Types shared by the WeCom connector and the areas that call it.
 */

/**
 * How the backend authenticates against one WeCom corp. Built by the
 * integrations area from app-config or the setup form.
 *
 * @public
 */
export interface WeComAppCredentials {
  /** The integration id from `wecom.integrations[].id`. */
  integrationId: string;
  mode: 'customApp' | 'thirdPartyApp';
  corpId: string;
  agentId?: number;
  /** The custom app's Secret (customApp mode). */
  secret?: string;
  /**
   * Default `https://qyapi.weixin.qq.com`; private deployments have their own.
   * Every path stays the same; a path prefix in the base URL is kept.
   */
  apiBaseUrl: string;
  /** The third-party suite (thirdPartyApp mode). */
  suite?: WeComSuiteCredentials;
}

/**
 * A third-party suite's credentials. The ticket and the permanent code arrive
 * through the suite callback and are stored by the integrations area.
 *
 * @public
 */
export interface WeComSuiteCredentials {
  suiteId: string;
  suiteSecret: string;
  /** The latest suite_ticket WeCom pushed (every 10 minutes). */
  getSuiteTicket(): Promise<string | undefined>;
  /**
   * The permanent code stored when the corp authorized the suite. Asked for
   * on every call that needs the corp token (a changed code means a new
   * token), so keep it cheap.
   */
  getPermanentCode(corpId: string): Promise<string | undefined>;
  /**
   * What the corp's authorization says, so a missing permanent code can be
   * told apart: never authorized, or cancelled (cancel_auth) and when.
   */
  getAuthorization?(
    corpId: string,
  ): Promise<
    { agentId?: number; cancelledAt?: { toISO(): string | null } } | undefined
  >;
}

/**
 * Retry policy: exponential backoff with full jitter.
 *
 * @public
 */
export interface WeComRetryOptions {
  /** Total attempts including the first one. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Fields every WeCom answer carries.
 *
 * @public
 */
export interface WeComBaseResponse {
  errcode: number;
  errmsg: string;
}

/**
 * The body of `message/send`. Only the addressing fields are typed; the
 * message itself (`text`, `markdown`, `template_card`, ...) passes through.
 *
 * @public
 */
export interface WeComSendMessageRequest {
  /** User ids joined with `|`, at most 1,000, or `@all`. */
  touser?: string;
  toparty?: string;
  totag?: string;
  msgtype: string;
  /** Defaults to the integration's agent id. */
  agentid?: number;
  safe?: 0 | 1;
  enable_id_trans?: 0 | 1;
  enable_duplicate_check?: 0 | 1;
  /** Seconds, default 1800, at most 14400. */
  duplicate_check_interval?: number;
  [field: string]: unknown;
}

/**
 * The answer of `message/send`.
 *
 * @public
 */
export interface WeComSendMessageResult {
  invaliduser?: string;
  invalidparty?: string;
  invalidtag?: string;
  unlicenseduser?: string;
  /**
   * Missing when WeCom accepted the send without one (errcode 0): what a
   * send suppressed by `enable_duplicate_check` answers is not documented.
   */
  msgid?: string;
  /** Only for interactive template cards: spend it with `update_template_card`. */
  response_code?: string;
}

/**
 * The body of `message/update_template_card`.
 *
 * @public
 */
export interface WeComUpdateTemplateCardRequest {
  userids?: string[];
  partyids?: number[];
  tagids?: number[];
  atall?: 0 | 1;
  /** Defaults to the integration's agent id. */
  agentid?: number;
  /** Valid for 72 hours and usable once. */
  response_code: string;
  /** Turn the buttons into one disabled label. */
  button?: { replace_name: string };
  /** Or replace the whole card. */
  template_card?: Record<string, unknown>;
  enable_id_trans?: 0 | 1;
}

/**
 * The answer of `message/update_template_card`.
 *
 * @public
 */
export interface WeComUpdateTemplateCardResult {
  invaliduser?: string[];
}

/**
 * The body of `appchat/create`.
 *
 * @public
 */
export interface WeComCreateAppChatRequest {
  name?: string;
  owner?: string;
  /** 2 to 2,000 user ids. */
  userlist: string[];
  /** Letters and digits, at most 32; pass one so a retried create is recognisable. */
  chatid?: string;
}

/**
 * The body of `appchat/update`.
 *
 * @public
 */
export interface WeComUpdateAppChatRequest {
  chatid: string;
  name?: string;
  owner?: string;
  add_user_list?: string[];
  del_user_list?: string[];
}

/**
 * A group chat as `appchat/get` describes it.
 *
 * @public
 */
export interface WeComAppChat {
  chatid: string;
  name?: string;
  owner?: string;
  userlist: string[];
  chat_type?: number;
}

/**
 * The body of `appchat/send`; the message itself passes through.
 *
 * @public
 */
export interface WeComAppChatMessageRequest {
  chatid: string;
  msgtype: string;
  safe?: 0 | 1;
  [field: string]: unknown;
}

/**
 * A member as `user/get` describes it (only the fields the suite reads are typed).
 *
 * @public
 */
export interface WeComUser {
  userid: string;
  name?: string;
  department?: number[];
  mobile?: string;
  email?: string;
  biz_mail?: string;
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status?: number;
  [field: string]: unknown;
}

/**
 * The answer of `auth/getuserinfo`: a member has `userid`, a non-member `openid`.
 *
 * @public
 */
export interface WeComOAuthUserInfo {
  userid?: string;
  user_ticket?: string;
  openid?: string;
  external_userid?: string;
}

/**
 * The answer of `service/auth/getuserinfo3rd` (third-party apps): the
 * member's corp and userid; a non-member gets `openid` only.
 *
 * @public
 */
export interface WeComSuiteOAuthUserInfo {
  corpid?: string;
  userid?: string;
  open_userid?: string;
  openid?: string;
}

/**
 * An app as `agent/get` describes it, with its visible range.
 *
 * @public
 */
export interface WeComAgent {
  agentid: number;
  name: string;
  description?: string;
  square_logo_url?: string;
  allow_userinfos?: { user: Array<{ userid: string }> };
  allow_partys?: { partyid: number[] };
  allow_tags?: { tagid: number[] };
  close?: number;
  redirect_domain?: string;
  home_url?: string;
  [field: string]: unknown;
}

/**
 * The answer of `service/get_permanent_code`. Store `permanent_code`: WeCom
 * shows it only once.
 *
 * @public
 */
export interface WeComPermanentCodeResult extends WeComAuthInfoResult {
  permanent_code: string;
  access_token?: string;
  expires_in?: number;
}

/**
 * `auth_info` of `service/get_permanent_code` and `service/get_auth_info`:
 * the authorized app (one agent for a single-app authorization) and the
 * visible range the corp granted it.
 *
 * @public
 */
export interface WeComAuthInfo {
  agent?: Array<{
    agentid: number;
    name?: string;
    privilege?: {
      allow_party?: number[];
      allow_user?: string[];
      allow_tag?: number[];
      [field: string]: unknown;
    };
    [field: string]: unknown;
  }>;
  [field: string]: unknown;
}

/**
 * The answer of `service/get_auth_info`.
 *
 * @public
 */
export interface WeComAuthInfoResult {
  auth_corp_info: {
    corpid: string;
    corp_name?: string;
    [field: string]: unknown;
  };
  auth_info?: WeComAuthInfo;
  [field: string]: unknown;
}

/**
 * Options of the generic {@link WeComClient.call}.
 *
 * @public
 */
export interface WeComCallOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

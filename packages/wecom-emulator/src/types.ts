import type { DateTime } from 'luxon';

/**
 * The "API receive" settings of a custom app or suite: where WeCom delivers
 * callbacks and the secrets it signs and encrypts them with.
 *
 * @public
 */
export interface EmulatorCallbackSettings {
  url: string;
  token: string;
  /** 43 characters, base64 of a 32-byte AES key without the trailing "=". */
  encodingAESKey: string;
}

/**
 * A member of the emulated corp's directory.
 *
 * @public
 */
export interface EmulatorUser {
  userid: string;
  name: string;
  mobile?: string;
  /** Personal email (get_userid_by_email with email_type 2). */
  email?: string;
  /** Corporate mailbox (get_userid_by_email with email_type 1). */
  bizMail?: string;
  department?: number[];
}

/**
 * A self-built (custom) app of the emulated corp.
 *
 * @public
 */
export interface EmulatorApp {
  agentId: number;
  secret: string;
  name?: string;
  /**
   * Visibility. 'all' (the default) means the root department, which is also
   * what WeCom requires before an app may create group chats.
   */
  allowUsers?: string[] | 'all';
  /** Whether the app may look users up by mobile or email. Default true. */
  contactPermission?: boolean;
  callback?: EmulatorCallbackSettings;
  /** When set, API calls from any other IP answer 60020. */
  trustedIps?: string[];
  homepageUrl?: string;
}

/**
 * The corp's smart bot (智能机器人).
 *
 * @public
 */
export interface EmulatorBot {
  botId: string;
  token: string;
  encodingAESKey: string;
  callbackUrl?: string;
  /**
   * The bot's Secret for long-connection mode (`/aibot/ws`); without one the
   * bot cannot subscribe there.
   */
  botSecret?: string;
}

/**
 * A third-party suite that the corp has authorized.
 *
 * @public
 */
export interface EmulatorSuite {
  suiteId: string;
  suiteSecret: string;
  suiteTicket: string;
  permanentCode: string;
  /** The instruction callback ("指令回调URL"): suite_ticket, create_auth, …. */
  callback?: EmulatorCallbackSettings;
  /**
   * The data callback ("数据回调URL"): where the suite's app's messages and
   * events go, card clicks included, sealed with `callback`'s Token and
   * EncodingAESKey (one pair per suite, page 91116).
   */
  dataCallback?: string;
  /** The corp app the suite's corp tokens act as. Default: the corp's first app. */
  agentId?: number;
  /**
   * Members with no interface licence (接口许可) for this suite: a
   * third-party app needs a basic account (基础账号) activated for a member
   * before it may message them (page 95652, 接口调用许可 概述). message/send
   * with the suite's corp token names them in `unlicenseduser` and does not
   * deliver to them (see README, "Third-party suites").
   */
  unlicensedUsers?: string[];
}

/**
 * One emulated WeCom corp (企业).
 *
 * @public
 */
export interface EmulatorCorp {
  corpId: string;
  name?: string;
  apps: EmulatorApp[];
  users: EmulatorUser[];
  bot?: EmulatorBot;
  suites?: EmulatorSuite[];
}

/**
 * Optional limits; each is off unless given.
 *
 * @public
 */
export interface EmulatorRateLimits {
  /**
   * message/send deliveries per app per member per minute (WeCom: 30).
   * Messages over it are dropped without an error, as WeCom does
   * (pages 90312, 90454: "超过部分会被丢弃不下发").
   */
  perUserPerMinute?: number;
  /** message/send deliveries per app per member per hour (WeCom: 1,000); dropped likewise. */
  perUserPerHour?: number;
  /** calls per corp per API per minute. */
  perCorpApiPerMinute?: number;
  /** user/getuserid + user/get_userid_by_email per corp per minute. */
  lookupsPerMinute?: number;
  /**
   * Share of the corp's headcount (WeCom: 0.2) that failed `user/getuserid`
   * lookups may reach in a day; past it the API answers 45009 until the next
   * day. Page 95402: "若出错的次数超出企业人数上限的20%，会导致1天不可调用".
   */
  mobileLookupFailureShare?: number;
}

/**
 * Options of {@link createEmulator}.
 *
 * @public
 */
export interface EmulatorOptions {
  /** Default: the demo corp from `demoEmulatorOptions()`. */
  corps?: EmulatorCorp[];
  /** Default 7200. */
  tokenTtlSeconds?: number;
  rateLimits?: EmulatorRateLimits;
  /** The base clock; `advanceClock` adds to it. Default: wall time. */
  clock?: () => DateTime;
  /**
   * Base URL the emulator is reachable at, used in URLs it hands out (hosted
   * media, bot response_url). `startEmulator` sets it to the listening URL.
   * Default `http://localhost:7701`.
   */
  publicUrl?: string;
  /** How long the emulated WeCom waits for a callback answer. Default 5000 ms. */
  callbackTimeoutMs?: number;
  /**
   * Milliseconds each call of an API waits before it is handled, by API
   * (`message/send`) or `*` for every API. Default: none.
   */
  latencyMs?: Record<string, number>;
}

import type { z } from 'zod';
import { WeComCredentialsError } from './errors';
import { acquireMemberSlots } from './memberSlots';
import { WeComRateLimiter, createMemoryWeComRateLimiter } from './rateLimits';
import { DEFAULT_WECOM_RETRY } from './retryPolicy';
import * as schemas from './schemas';
import { parseSerializedMessage } from './serializedMessage';
import { TokenCache } from './TokenCache';
import {
  DEFAULT_TIMEOUT_MS,
  WeComClientOptions,
  defaultSleep,
} from './WeComClientOptions';
import { WeComTokenSources } from './tokenSources';
import { RequestSpec, WeComTransport } from './WeComTransport';
import type {
  WeComAgent,
  WeComAppChat,
  WeComAppChatMessageRequest,
  WeComAppCredentials,
  WeComBaseResponse,
  WeComCallOptions,
  WeComCreateAppChatRequest,
  WeComOAuthUserInfo,
  WeComPermanentCodeResult,
  WeComAuthInfoResult,
  WeComSuiteOAuthUserInfo,
  WeComSendMessageRequest,
  WeComSendMessageResult,
  WeComUpdateAppChatRequest,
  WeComUpdateTemplateCardRequest,
  WeComUpdateTemplateCardResult,
  WeComUser,
} from './types';

export type { WeComClientOptions } from './WeComClientOptions';

/**
 * Talks to WeCom for one integration: tokens shared through the cache
 * service, retries with backoff on transient failures, rate limits, and
 * typed errors with a hint an admin can act on. Every WeCom call of the
 * suite goes through here.
 *
 * Retried POSTs may reach WeCom twice when an answer was lost: send messages
 * with `enable_duplicate_check`, and create chats with an explicit `chatid`.
 *
 * @public
 */
export class WeComClient {
  readonly #credentials: WeComAppCredentials;
  readonly #tokens: TokenCache;
  readonly #sources: WeComTokenSources;
  readonly #transport: WeComTransport;
  readonly #limiter: WeComRateLimiter;

  constructor(options: WeComClientOptions) {
    const { credentials } = options;
    const baseUrl = credentials.apiBaseUrl.replace(/\/+$/, '');
    const logger = options.logger.child({
      integrationId: credentials.integrationId,
    });
    this.#credentials = credentials;
    this.#tokens = new TokenCache({
      cache: options.cache,
      logger,
      now: options.now ?? Date.now,
    });
    this.#limiter = options.rateLimiter ?? createMemoryWeComRateLimiter();
    this.#sources = new WeComTokenSources({
      credentials,
      baseUrl,
      request: spec => this.#request(spec),
    });
    this.#transport = new WeComTransport({
      baseUrl,
      corpId: credentials.corpId,
      tokens: this.#tokens,
      tokenSource: async auth =>
        auth === 'suiteToken'
          ? this.#sources.suiteToken()
          : this.#sources.accessToken(),
      staticSecrets: [credentials.secret, credentials.suite?.suiteSecret],
      logger,
      limiter: this.#limiter,
      fetch: options.fetch ?? globalThis.fetch,
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
      retry: { ...DEFAULT_WECOM_RETRY, ...options.retry },
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  /** The integration this client belongs to. */
  get integrationId(): string {
    return this.#credentials.integrationId;
  }

  // ---- Tokens -------------------------------------------------------------

  /**
   * The corp access token: from `gettoken` for a custom app, from
   * `service/get_corp_token` for a third-party app. Cached until about five
   * minutes before WeCom expires it.
   */
  async getAccessToken(): Promise<string> {
    const source = await this.#sources.accessToken();
    return this.#tokens.get(source.cacheKey, source.fetch);
  }

  /** The suite access token (third-party mode), cached like the access token. */
  async getSuiteToken(): Promise<string> {
    const source = this.#sources.suiteToken();
    return this.#tokens.get(source.cacheKey, source.fetch);
  }

  /** The corp access token of a third-party app. */
  async getCorpToken(): Promise<string> {
    const source = await this.#sources.corpToken();
    return this.#tokens.get(source.cacheKey, source.fetch);
  }

  /**
   * Exchanges the auth code of a new authorization for the permanent code.
   * The caller must store `permanent_code`: WeCom returns it only once.
   */
  async getPermanentCode(authCode: string): Promise<WeComPermanentCodeResult> {
    return this.#request({
      method: 'POST',
      path: '/cgi-bin/service/get_permanent_code',
      body: { auth_code: authCode },
      auth: 'suiteToken',
      schema: schemas.permanentCodeResponseSchema,
      limiterKey: this.#sources.suite().suiteId,
      secrets: [authCode],
    });
  }

  /**
   * `service/get_auth_info` (page 90604): the corp's authorization as it is
   * now, read with its permanent code (after change_auth).
   */
  async getAuthInfo(
    corpId: string,
    permanentCode: string,
  ): Promise<WeComAuthInfoResult> {
    return this.#request({
      method: 'POST',
      path: '/cgi-bin/service/get_auth_info',
      body: { auth_corpid: corpId, permanent_code: permanentCode },
      auth: 'suiteToken',
      schema: schemas.authInfoResponseSchema,
      limiterKey: this.#sources.suite().suiteId,
      secrets: [permanentCode],
    });
  }

  // ---- Messages -----------------------------------------------------------

  /**
   * `message/send`. Waits for a per-member slot for every recipient in
   * `touser` (WeCom drops messages beyond 30 a minute and 1,000 an hour per
   * member, page 90312); throws {@link WeComRecipientsOverBudgetError}
   * when some are over the hourly budget.
   */
  async sendMessage(
    body: WeComSendMessageRequest,
  ): Promise<WeComSendMessageResult> {
    const agentid = body.agentid ?? this.#requireAgentId();
    await this.#acquireMemberSlots(agentid, body.touser);
    return this.#request({
      method: 'POST',
      path: '/cgi-bin/message/send',
      body: { ...body, agentid },
      auth: 'accessToken',
      schema: schemas.sendMessageResponseSchema,
    });
  }

  /**
   * `message/send` with JSON the caller serialised once and stored (an
   * outbox): every attempt, including the client's own retries, sends these
   * exact bytes, so WeCom's `enable_duplicate_check` recognises a repeat.
   * The JSON must name `agentid`; it is never re-serialised.
   */
  async sendSerializedMessage(json: string): Promise<WeComSendMessageResult> {
    const { agentid, touser } = parseSerializedMessage(json);
    await this.#acquireMemberSlots(agentid, touser);
    return this.#request({
      method: 'POST',
      path: '/cgi-bin/message/send',
      rawBody: json,
      auth: 'accessToken',
      schema: schemas.sendMessageResponseSchema,
    });
  }

  /** `message/update_template_card`: spends a response code (once, within 72 hours). */
  async updateTemplateCard(
    body: WeComUpdateTemplateCardRequest,
  ): Promise<WeComUpdateTemplateCardResult> {
    return this.#request({
      method: 'POST',
      path: '/cgi-bin/message/update_template_card',
      body: { ...body, agentid: body.agentid ?? this.#requireAgentId() },
      auth: 'accessToken',
      schema: schemas.updateTemplateCardResponseSchema,
    });
  }

  // ---- Group chats ----------------------------------------------------------

  /** `appchat/create`; answers the chat id. */
  async createAppChat(
    body: WeComCreateAppChatRequest,
  ): Promise<{ chatid: string }> {
    const { chatid } = await this.#request({
      method: 'POST',
      path: '/cgi-bin/appchat/create',
      body,
      auth: 'accessToken',
      schema: schemas.createAppChatResponseSchema,
    });
    return { chatid };
  }

  /** `appchat/update`: rename, change owner, add or remove members. */
  async updateAppChat(body: WeComUpdateAppChatRequest): Promise<void> {
    await this.#request({
      method: 'POST',
      path: '/cgi-bin/appchat/update',
      body,
      auth: 'accessToken',
      schema: schemas.baseResponseSchema,
    });
  }

  /** `appchat/get`. */
  async getAppChat(chatid: string): Promise<WeComAppChat> {
    const { chat_info } = await this.#request({
      method: 'GET',
      path: '/cgi-bin/appchat/get',
      query: { chatid },
      auth: 'accessToken',
      schema: schemas.getAppChatResponseSchema,
    });
    return chat_info;
  }

  /** `appchat/send`. */
  async sendAppChatMessage(body: WeComAppChatMessageRequest): Promise<void> {
    await this.#request({
      method: 'POST',
      path: '/cgi-bin/appchat/send',
      body,
      auth: 'accessToken',
      schema: schemas.baseResponseSchema,
    });
  }

  // ---- Users and login -------------------------------------------------------

  /** `user/getuserid`: the member with this mobile number (46004 if none). */
  async getUserIdByMobile(mobile: string): Promise<string> {
    const { userid } = await this.#request({
      method: 'POST',
      path: '/cgi-bin/user/getuserid',
      body: { mobile },
      auth: 'accessToken',
      schema: schemas.userIdResponseSchema,
    });
    return userid;
  }

  /**
   * `user/get_userid_by_email`: `emailType` 1 is the corp mailbox, 2 a
   * personal address.
   */
  async getUserIdByEmail(email: string, emailType: 1 | 2 = 1): Promise<string> {
    const { userid } = await this.#request({
      method: 'POST',
      path: '/cgi-bin/user/get_userid_by_email',
      body: { email, email_type: emailType },
      auth: 'accessToken',
      schema: schemas.userIdResponseSchema,
    });
    return userid;
  }

  /** `user/get`. */
  async getUser(userid: string): Promise<WeComUser> {
    const {
      errcode: _errcode,
      errmsg: _errmsg,
      ...user
    } = await this.#request({
      method: 'GET',
      path: '/cgi-bin/user/get',
      query: { userid },
      auth: 'accessToken',
      schema: schemas.userResponseSchema,
    });
    return user as WeComUser;
  }

  /** `auth/getuserinfo`: who signed in through WeCom's OAuth (code valid once, 5 minutes). */
  async getUserInfoByOAuthCode(code: string): Promise<WeComOAuthUserInfo> {
    return this.#request({
      method: 'GET',
      path: '/cgi-bin/auth/getuserinfo',
      query: { code },
      auth: 'accessToken',
      schema: schemas.oauthUserInfoResponseSchema,
      secrets: [code],
    });
  }

  /**
   * `service/auth/getuserinfo3rd` (page 91121): who signed in through a
   * third-party app's OAuth link, asked with the suite access token (code
   * valid once, 5 minutes). Check `corpid`: any corp that installed the
   * suite can produce a code.
   */
  async getUserInfo3rd(code: string): Promise<WeComSuiteOAuthUserInfo> {
    return this.#request({
      method: 'GET',
      path: '/cgi-bin/service/auth/getuserinfo3rd',
      query: { code },
      auth: 'suiteToken',
      schema: schemas.suiteOAuthUserInfoResponseSchema,
      limiterKey: this.#sources.suite().suiteId,
      secrets: [code],
    });
  }

  /** `agent/get`: the app and its visible range; the health check uses it. */
  async getAgent(agentId?: number): Promise<WeComAgent> {
    const {
      errcode: _errcode,
      errmsg: _errmsg,
      ...agent
    } = await this.#request({
      method: 'GET',
      path: '/cgi-bin/agent/get',
      query: { agentid: agentId ?? this.#requireAgentId() },
      auth: 'accessToken',
      schema: schemas.agentResponseSchema,
    });
    return agent as WeComAgent;
  }

  // ---- Generic --------------------------------------------------------------

  /**
   * Any WeCom API that takes the access token, with the same token handling,
   * retries, rate limits and errors. `path` is the full path, e.g.
   * `/cgi-bin/department/list`.
   */
  async call<T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    path: string,
    options: WeComCallOptions = {},
  ): Promise<T & WeComBaseResponse> {
    const result = await this.#request({
      method,
      path: path.startsWith('/') ? path : `/${path}`,
      query: options.query,
      body: options.body,
      auth: 'accessToken',
      schema: schemas.baseResponseSchema,
    });
    return result as T & WeComBaseResponse;
  }

  // ---- Internals --------------------------------------------------------------

  #request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    return this.#transport.request(spec);
  }

  #acquireMemberSlots(agentid: number, touser: string | undefined) {
    const { corpId } = this.#credentials;
    return acquireMemberSlots(this.#limiter, corpId, agentid, touser);
  }

  #requireAgentId(): number {
    const { agentId } = this.#credentials;
    if (agentId === undefined) {
      throw new WeComCredentialsError(
        `Integration ${this.#credentials.integrationId} has no agent id.`,
        "Set the app's AgentId from the WeCom admin console.",
      );
    }
    return agentId;
  }
}

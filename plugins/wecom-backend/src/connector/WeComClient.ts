import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { z } from 'zod';
import { attemptRequest } from './attempt';
import { WeComCredentialsError, isWeComApiError } from './errors';
import {
  WECOM_MESSAGE_PER_MEMBER,
  WeComRateLimiter,
  createMemoryWeComRateLimiter,
} from './rateLimits';
import { redactUrl } from './redact';
import {
  DEFAULT_WECOM_RETRY,
  TOKEN_REJECTED_ERRCODES,
  backoffDelayMs,
  isRetryable,
} from './retryPolicy';
import * as schemas from './schemas';
import { FetchedToken, TokenCache, fingerprint } from './TokenCache';
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
  WeComRetryOptions,
  WeComSendMessageRequest,
  WeComSendMessageResult,
  WeComUpdateAppChatRequest,
  WeComUpdateTemplateCardRequest,
  WeComUpdateTemplateCardResult,
  WeComUser,
} from './types';

/**
 * Options of {@link WeComClient}.
 *
 * @public
 */
export interface WeComClientOptions {
  credentials: WeComAppCredentials;
  /** Backstage's cache service, so replicas share tokens. */
  cache: CacheService;
  logger: LoggerService;
  /**
   * Share one limiter between all clients of the plugin (see
   * `createWeComRateLimiter`); by default each client limits on its own.
   */
  rateLimiter?: WeComRateLimiter;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  retry?: Partial<WeComRetryOptions>;
  /** Per HTTP request; default 15 s. A timeout is retried like a network error. */
  timeoutMs?: number;
}

type Auth = 'accessToken' | 'suiteToken' | 'none';

interface RequestSpec<S extends z.ZodType> {
  method: 'GET' | 'POST';
  /** `/cgi-bin/...` */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  auth: Auth;
  schema: S;
  /** Whose budget the call spends; the corp id unless said otherwise. */
  limiterKey?: string;
  /** Extra values to keep out of errors (tickets, codes). */
  secrets?: Array<string | undefined>;
}

/** Where a token lives in the cache and how to get a new one. */
interface TokenSource {
  param: 'access_token' | 'suite_access_token';
  cacheKey: string;
  fetch(): Promise<FetchedToken>;
  secrets: Array<string | undefined>;
}

const DEFAULT_TIMEOUT_MS = 15_000;

const defaultSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

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
  readonly #baseUrl: string;
  readonly #tokens: TokenCache;
  readonly #logger: LoggerService;
  readonly #limiter: WeComRateLimiter;
  readonly #fetch: typeof fetch;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #retry: WeComRetryOptions;
  readonly #timeoutMs: number;

  constructor(options: WeComClientOptions) {
    this.#credentials = options.credentials;
    this.#baseUrl = options.credentials.apiBaseUrl.replace(/\/+$/, '');
    this.#logger = options.logger.child({
      integrationId: options.credentials.integrationId,
    });
    this.#tokens = new TokenCache({
      cache: options.cache,
      logger: this.#logger,
      now: options.now ?? Date.now,
    });
    this.#limiter = options.rateLimiter ?? createMemoryWeComRateLimiter();
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
    this.#retry = { ...DEFAULT_WECOM_RETRY, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
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
    const source = await this.#accessTokenSource();
    return this.#tokens.get(source.cacheKey, source.fetch);
  }

  /** The suite access token (third-party mode), cached like the access token. */
  async getSuiteToken(): Promise<string> {
    const source = this.#suiteTokenSource();
    return this.#tokens.get(source.cacheKey, source.fetch);
  }

  /** The corp access token of a third-party app. */
  async getCorpToken(): Promise<string> {
    const source = await this.#corpTokenSource();
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
      limiterKey: this.#suite().suiteId,
      secrets: [authCode],
    });
  }

  // ---- Messages -----------------------------------------------------------

  /**
   * `message/send`. Waits for a per-member slot for every recipient in
   * `touser` (WeCom drops messages beyond about 30 a minute per member).
   */
  async sendMessage(
    body: WeComSendMessageRequest,
  ): Promise<WeComSendMessageResult> {
    const agentid = body.agentid ?? this.#requireAgentId();
    const recipients = new Set(
      (body.touser ?? '')
        .split('|')
        .filter(userId => userId && userId !== '@all'),
    );
    for (const userId of recipients) {
      await this.#limiter.acquire(
        WECOM_MESSAGE_PER_MEMBER,
        `${this.#credentials.corpId}:${agentid}:${userId}`,
      );
    }
    return this.#request({
      method: 'POST',
      path: '/cgi-bin/message/send',
      body: { ...body, agentid },
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
    const { errcode: _errcode, errmsg: _errmsg, ...user } = await this.#request(
      {
        method: 'GET',
        path: '/cgi-bin/user/get',
        query: { userid },
        auth: 'accessToken',
        schema: schemas.userResponseSchema,
      },
    );
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

  /** `agent/get`: the app and its visible range; the health check uses it. */
  async getAgent(agentId?: number): Promise<WeComAgent> {
    const { errcode: _errcode, errmsg: _errmsg, ...agent } =
      await this.#request({
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

  async #request<S extends z.ZodType>(
    spec: RequestSpec<S>,
  ): Promise<z.output<S>> {
    const limiterApi = spec.path.replace(/^\/cgi-bin\//, '');
    let failures = 0;
    let tokenRefetched = false;
    for (;;) {
      await this.#limiter.acquire(
        limiterApi,
        spec.limiterKey ?? this.#credentials.corpId,
      );
      const token = await this.#token(spec.auth);
      const url = this.#url(spec.path, {
        ...spec.query,
        ...(token ? { [token.source.param]: token.value } : {}),
      });
      const outcome = await attemptRequest({
        method: spec.method,
        api: spec.path,
        url,
        body: spec.body,
        schema: spec.schema,
        secrets: [
          ...this.#staticSecrets(),
          ...(token ? [token.value, ...token.source.secrets] : []),
          ...(spec.secrets ?? []),
        ],
        fetch: this.#fetch,
        timeoutMs: this.#timeoutMs,
      });
      if (outcome.ok) {
        this.#logger.debug(`WeCom ${spec.method} ${redactUrl(url)} ok`);
        return outcome.value;
      }
      const { error } = outcome;

      if (
        token &&
        !tokenRefetched &&
        isWeComApiError(error, TOKEN_REJECTED_ERRCODES)
      ) {
        // Once per call: a token WeCom rejects right after issuing it means
        // a configuration problem, not an expiry.
        tokenRefetched = true;
        this.#logger.info(
          `WeCom rejected the ${token.source.param} for ${spec.path} (errcode ${error.errcode}); fetching a new one`,
        );
        await this.#tokens.invalidate(token.source.cacheKey, token.value);
        continue;
      }

      failures += 1;
      if (!isRetryable(error) || failures >= this.#retry.attempts) {
        throw error;
      }
      const delayMs = backoffDelayMs(failures, this.#retry, this.#random);
      this.#logger.warn(
        `${error.message} Retrying in ${delayMs} ms (attempt ${failures + 1} of ${this.#retry.attempts}).`,
      );
      await this.#sleep(delayMs);
    }
  }

  async #token(auth: Auth) {
    if (auth === 'none') {
      return undefined;
    }
    const source =
      auth === 'suiteToken'
        ? this.#suiteTokenSource()
        : await this.#accessTokenSource();
    const value = await this.#tokens.get(source.cacheKey, source.fetch);
    return { source, value };
  }

  #url(path: string, query: Record<string, string | number | undefined>) {
    const url = new URL(`${this.#baseUrl}${path}`);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) {
        url.searchParams.set(name, String(value));
      }
    }
    return url.toString();
  }

  #staticSecrets() {
    return [this.#credentials.secret, this.#credentials.suite?.suiteSecret];
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

  #suite() {
    const { suite } = this.#credentials;
    if (!suite) {
      throw new WeComCredentialsError(
        `Integration ${this.#credentials.integrationId} has no suite credentials.`,
        'Set the suite id and suite secret for a third-party app.',
      );
    }
    return suite;
  }

  #cacheKeyPrefix(kind: string) {
    return `wecom:token:${kind}:${this.#baseUrl}`;
  }

  async #accessTokenSource(): Promise<TokenSource> {
    if (this.#credentials.mode === 'thirdPartyApp') {
      return this.#corpTokenSource();
    }
    const { corpId, agentId, secret } = this.#credentials;
    if (!secret) {
      throw new WeComCredentialsError(
        `Integration ${this.#credentials.integrationId} has no app secret.`,
        "Copy the app's Secret from the WeCom admin console into the integration's settings.",
      );
    }
    return {
      param: 'access_token',
      cacheKey: `${this.#cacheKeyPrefix('access')}:${corpId}:${
        agentId ?? '-'
      }:${fingerprint(secret)}`,
      secrets: [],
      fetch: async () => {
        const answer = await this.#request({
          method: 'GET',
          path: '/cgi-bin/gettoken',
          query: { corpid: corpId, corpsecret: secret },
          auth: 'none',
          schema: schemas.tokenResponseSchema,
        });
        return {
          token: answer.access_token,
          expiresInSeconds: answer.expires_in,
        };
      },
    };
  }

  #suiteTokenSource(): TokenSource {
    const suite = this.#suite();
    return {
      param: 'suite_access_token',
      cacheKey: `${this.#cacheKeyPrefix('suite')}:${
        suite.suiteId
      }:${fingerprint(suite.suiteSecret)}`,
      secrets: [],
      fetch: async () => {
        const ticket = await suite.getSuiteTicket();
        if (!ticket) {
          throw new WeComCredentialsError(
            `No suite ticket has arrived yet for suite ${suite.suiteId}.`,
            "WeCom pushes it to the suite's callback URL every 10 minutes; check that the suite callback is configured and reachable.",
          );
        }
        const answer = await this.#request({
          method: 'POST',
          path: '/cgi-bin/service/get_suite_token',
          body: {
            suite_id: suite.suiteId,
            suite_secret: suite.suiteSecret,
            suite_ticket: ticket,
          },
          auth: 'none',
          schema: schemas.suiteTokenResponseSchema,
          limiterKey: suite.suiteId,
          secrets: [ticket],
        });
        return {
          token: answer.suite_access_token,
          expiresInSeconds: answer.expires_in,
        };
      },
    };
  }

  async #corpTokenSource(): Promise<TokenSource> {
    const suite = this.#suite();
    const { corpId, agentId } = this.#credentials;
    const permanentCode = await suite.getPermanentCode(corpId);
    if (!permanentCode) {
      throw new WeComCredentialsError(
        `Corp ${corpId} has not authorized suite ${suite.suiteId} yet.`,
        "Ask the corp's admin to install the app; the authorization callback stores the permanent code.",
      );
    }
    return {
      param: 'access_token',
      cacheKey: `${this.#cacheKeyPrefix('corp')}:${corpId}:${agentId ?? '-'}:${
        suite.suiteId
      }:${fingerprint(permanentCode)}`,
      secrets: [permanentCode],
      fetch: async () => {
        const answer = await this.#request({
          method: 'POST',
          path: '/cgi-bin/service/get_corp_token',
          body: { auth_corpid: corpId, permanent_code: permanentCode },
          auth: 'suiteToken',
          schema: schemas.tokenResponseSchema,
          secrets: [permanentCode],
        });
        return {
          token: answer.access_token,
          expiresInSeconds: answer.expires_in,
        };
      },
    };
  }
}

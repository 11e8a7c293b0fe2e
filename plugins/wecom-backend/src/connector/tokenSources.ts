import type { z } from 'zod';
import { WeComCredentialsError } from './errors';
import * as schemas from './schemas';
import { fingerprint } from './TokenCache';
import type { WeComAppCredentials, WeComSuiteCredentials } from './types';
import type { RequestSpec, TokenSource } from './WeComTransport';

type Request = <S extends z.ZodType>(
  spec: RequestSpec<S>,
) => Promise<z.output<S>>;

/**
 * The three tokens an integration may need, each with a cache key that
 * changes when what it was fetched with changes (base URL, corp, agent, and
 * a fingerprint of the secret or permanent code).
 */
export class WeComTokenSources {
  readonly #credentials: WeComAppCredentials;
  readonly #baseUrl: string;
  readonly #request: Request;

  constructor(options: {
    credentials: WeComAppCredentials;
    baseUrl: string;
    request: Request;
  }) {
    this.#credentials = options.credentials;
    this.#baseUrl = options.baseUrl;
    this.#request = options.request;
  }

  /** The corp access token: gettoken (custom app) or get_corp_token (third-party app). */
  async accessToken(): Promise<TokenSource> {
    return this.#credentials.mode === 'thirdPartyApp'
      ? this.corpToken()
      : this.#customAppToken();
  }

  suiteToken(): TokenSource {
    const suite = this.suite();
    return {
      param: 'suite_access_token',
      cacheKey: `${this.#keyPrefix('suite')}:${suite.suiteId}:${fingerprint(
        suite.suiteSecret,
      )}`,
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

  async corpToken(): Promise<TokenSource> {
    const suite = this.suite();
    const { corpId, agentId } = this.#credentials;
    const permanentCode = await suite.getPermanentCode(corpId);
    if (!permanentCode) {
      const authorization = await suite.getAuthorization?.(corpId);
      if (authorization?.cancelledAt) {
        throw new WeComCredentialsError(
          `Corp ${corpId} cancelled its authorization of suite ${
            suite.suiteId
          } (removed the app) at ${authorization.cancelledAt.toISO()}; the integration is disabled.`,
          "Ask the corp's admin to install the app again; the new authorization enables the integration.",
        );
      }
      throw new WeComCredentialsError(
        `Corp ${corpId} has not authorized suite ${suite.suiteId} yet.`,
        "Ask the corp's admin to install the app; the authorization callback stores the permanent code.",
      );
    }
    return {
      param: 'access_token',
      cacheKey: `${this.#keyPrefix('corp')}:${corpId}:${agentId ?? '-'}:${
        suite.suiteId
      }:${fingerprint(permanentCode)}`,
      secrets: [permanentCode],
      fetch: () =>
        this.#accessToken({
          method: 'POST',
          path: '/cgi-bin/service/get_corp_token',
          body: { auth_corpid: corpId, permanent_code: permanentCode },
          auth: 'suiteToken',
          secrets: [permanentCode],
        }),
    };
  }

  /** Asks WeCom for a corp access token (`gettoken`, `get_corp_token`). */
  async #accessToken(
    spec: Omit<RequestSpec<typeof schemas.tokenResponseSchema>, 'schema'>,
  ): Promise<{ token: string; expiresInSeconds: number }> {
    const answer = await this.#request({
      ...spec,
      schema: schemas.tokenResponseSchema,
    });
    return { token: answer.access_token, expiresInSeconds: answer.expires_in };
  }

  /** The suite credentials, or a clear error when the integration has none. */
  suite(): WeComSuiteCredentials {
    const { suite } = this.#credentials;
    if (!suite) {
      throw new WeComCredentialsError(
        `Integration ${
          this.#credentials.integrationId
        } has no suite credentials.`,
        'Set the suite id and suite secret for a third-party app.',
      );
    }
    return suite;
  }

  #customAppToken(): TokenSource {
    const { corpId, agentId, secret } = this.#credentials;
    if (!secret) {
      throw new WeComCredentialsError(
        `Integration ${this.#credentials.integrationId} has no app secret.`,
        "Copy the app's Secret from the WeCom admin console into the integration's settings.",
      );
    }
    return {
      param: 'access_token',
      cacheKey: `${this.#keyPrefix('access')}:${corpId}:${
        agentId ?? '-'
      }:${fingerprint(secret)}`,
      secrets: [],
      fetch: () =>
        this.#accessToken({
          method: 'GET',
          path: '/cgi-bin/gettoken',
          query: { corpid: corpId, corpsecret: secret },
          auth: 'none',
        }),
    };
  }

  #keyPrefix(kind: string) {
    return `wecom:token:${kind}:${this.#baseUrl}`;
  }
}

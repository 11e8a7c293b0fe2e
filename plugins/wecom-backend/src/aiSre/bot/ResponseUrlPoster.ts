import { z } from 'zod';
import { attemptRequest } from '../../connector/attempt';
import { BotUrlPolicy } from './BotUrlPolicy';

const API = '/cgi-bin/aibot/response';
const DEFAULT_TIMEOUT_MS = 10_000;

/** Sends a late answer to the one-time `response_url` of a bot message. */
export interface ResponseUrlPoster {
  /**
   * Throws a WeCom error (without the URL) when WeCom refuses, or when the
   * URL is not one of the integration's WeCom hosts.
   */
  postMarkdown(
    integrationId: string,
    responseUrl: string,
    markdown: string,
  ): Promise<void>;
}

/**
 * Posts through the connector's single-attempt request, which classifies
 * WeCom's answer and keeps the URL out of every error: its
 * `response_code` lets anyone answer as the bot until it is used. Only to
 * the integration's WeCom hosts ({@link BotUrlPolicy}), and never on to
 * where a redirect points: the answer holds incident details.
 */
export class HttpResponseUrlPoster implements ResponseUrlPoster {
  private readonly fetch: typeof fetch;

  constructor(
    private readonly options: {
      urls: BotUrlPolicy;
      fetch?: typeof fetch;
      timeoutMs?: number;
    },
  ) {
    const base = options.fetch ?? globalThis.fetch;
    // A redirect comes back as it is (a 3xx, so a failure), not followed.
    this.fetch = (input, init) => base(input, { ...init, redirect: 'manual' });
  }

  async postMarkdown(
    integrationId: string,
    responseUrl: string,
    markdown: string,
  ): Promise<void> {
    const url = await this.options.urls.check(
      integrationId,
      responseUrl,
      'response',
    );
    // No retry: the code is single use, and a retry after a lost answer
    // would be refused anyway.
    const outcome = await attemptRequest({
      method: 'POST',
      api: API,
      url: url.toString(),
      body: { msgtype: 'markdown', markdown: { content: markdown } },
      schema: z.looseObject({}),
      secrets: [...url.searchParams.values(), url.search],
      fetch: this.fetch,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    if (!outcome.ok) throw outcome.error;
  }
}

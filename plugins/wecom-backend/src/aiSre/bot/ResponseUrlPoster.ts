import { z } from 'zod';
import { attemptRequest } from '../../connector/attempt';

const API = '/cgi-bin/aibot/response';
const DEFAULT_TIMEOUT_MS = 10_000;

/** Sends a late answer to the one-time `response_url` of a bot message. */
export interface ResponseUrlPoster {
  /** Throws a WeCom error (without the URL) when WeCom refuses. */
  postMarkdown(responseUrl: string, markdown: string): Promise<void>;
}

/**
 * Posts through the connector's single-attempt request, which classifies
 * WeCom's answer and keeps the URL out of every error: its
 * `response_code` lets anyone answer as the bot until it is used.
 */
export class HttpResponseUrlPoster implements ResponseUrlPoster {
  constructor(
    private readonly options: { fetch?: typeof fetch; timeoutMs?: number } = {},
  ) {}

  async postMarkdown(responseUrl: string, markdown: string): Promise<void> {
    const url = new URL(responseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error('The response_url of a bot message is not http(s)');
    }
    // No retry: the code is single use, and a retry after a lost answer
    // would be refused anyway.
    const outcome = await attemptRequest({
      method: 'POST',
      api: API,
      url: url.toString(),
      body: { msgtype: 'markdown', markdown: { content: markdown } },
      schema: z.looseObject({}),
      secrets: [...url.searchParams.values(), url.search],
      fetch: this.options.fetch ?? globalThis.fetch,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    if (!outcome.ok) throw outcome.error;
  }
}

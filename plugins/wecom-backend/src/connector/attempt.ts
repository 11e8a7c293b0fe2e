import type { z } from 'zod';
import {
  WeComApiError,
  WeComNetworkError,
  WeComUnexpectedResponseError,
} from './errors';
import { scrubSecrets } from './redact';

/** One HTTP exchange with WeCom, nothing retried. */
export interface AttemptSpec<S extends z.ZodType> {
  method: 'GET' | 'POST';
  /** The API path, used in errors: `/cgi-bin/message/send`. */
  api: string;
  /** The full URL including the token. Never logged or put in an error. */
  url: string;
  body?: unknown;
  /** A body serialised by the caller, sent as exactly these bytes (wins over `body`). */
  rawBody?: string;
  schema: S;
  /** Values to mask in anything taken from the answer or the transport error. */
  secrets: Array<string | undefined>;
  fetch: typeof fetch;
  timeoutMs: number;
}

/** The answer, or the typed error describing why there is none. */
export type AttemptOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: Error };

function describeTransportError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    // fetch's DOMExceptions of AbortSignal.timeout() and abort(): not our
    // classes, and the platform documents them by name, so the name it is.
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      return `no answer within ${timeoutMs} ms`;
    }
    // undici puts the interesting part (ECONNREFUSED, ...) in `cause`.
    const cause = (error as { cause?: { code?: string; message?: string } })
      .cause;
    const detail = cause?.code ?? cause?.message;
    return detail ? `${error.message} (${detail})` : error.message;
  }
  return String(error);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(issue => `${issue.path.join('.') || '(answer)'}: ${issue.message}`)
    .join('; ');
}

/** Sends one request and classifies the result. Never throws. */
export async function attemptRequest<S extends z.ZodType>(
  spec: AttemptSpec<S>,
): Promise<AttemptOutcome<z.output<S>>> {
  const { api, secrets } = spec;
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const body =
    spec.rawBody ??
    (spec.body === undefined ? undefined : JSON.stringify(spec.body));
  let json: unknown;
  try {
    const response = await spec.fetch(spec.url, {
      method: spec.method,
      headers:
        body === undefined ? undefined : { 'content-type': 'application/json' },
      body,
      // Never followed: a redirect would resend the query (corpsecret) and
      // a POST's body (suite secret, permanent code) to a host nobody
      // allowed. WeCom's API docs describe JSON answers only; none that
      // redirects (not confirmed by an official page either way).
      redirect: 'manual',
      signal: AbortSignal.timeout(spec.timeoutMs),
    });
    if (!response.ok) {
      return {
        ok: false,
        error: new WeComNetworkError({
          api,
          status: response.status,
          message: `HTTP ${response.status} ${scrub(response.statusText)}`,
        }),
      };
    }
    const text = await response.text();
    try {
      json = JSON.parse(text);
    } catch {
      return {
        ok: false,
        error: new WeComNetworkError({
          api,
          status: response.status,
          message: 'the answer is not JSON (is apiBaseUrl right?)',
        }),
      };
    }
  } catch (error) {
    return {
      ok: false,
      error: new WeComNetworkError({
        api,
        message: scrub(describeTransportError(error, spec.timeoutMs)),
      }),
    };
  }

  const envelope = (json ?? {}) as { errcode?: unknown; errmsg?: unknown };
  const errcode = typeof envelope.errcode === 'number' ? envelope.errcode : 0;
  if (errcode !== 0) {
    return {
      ok: false,
      error: new WeComApiError({
        errcode,
        errmsg: scrub(String(envelope.errmsg ?? '')),
        api,
      }),
    };
  }
  const parsed = spec.schema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      error: new WeComUnexpectedResponseError({
        api,
        problems: scrub(describeIssues(parsed.error)),
      }),
    };
  }
  return { ok: true, value: parsed.data };
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import { WeComClient, WeComClientOptions } from '../WeComClient';
import type { WeComAppCredentials } from '../types';

/** What the fake answers: JSON with HTTP 200, another status, or a thrown transport error. */
export type FakeAnswer =
  | Record<string, unknown>
  | { httpStatus: number }
  | { networkError: string };

export interface RecordedRequest {
  method: string;
  url: URL;
  path: string;
  query: Record<string, string>;
  body: any;
  /** The body exactly as sent. */
  rawBody?: string;
}

type Handler = (request: RecordedRequest) => FakeAnswer | Promise<FakeAnswer>;

const ok = (fields: Record<string, unknown> = {}) => ({
  errcode: 0,
  errmsg: 'ok',
  ...fields,
});

/**
 * A scripted WeCom behind an injected fetch: issues numbered tokens, rejects
 * tokens it did not issue (or expired with `expireTokens`), and answers
 * each path from a queue of one-shot answers, else from a default handler.
 */
export function createFakeWeCom(options: { expiresIn?: number } = {}) {
  const requests: RecordedRequest[] = [];
  const queued = new Map<string, FakeAnswer[]>();
  const handlers = new Map<string, Handler>();
  const validTokens = new Set<string>();
  let issued = 0;

  const issue = (prefix: string) => {
    issued += 1;
    const token = `${prefix}-${issued}-abcdefghijklmnop`;
    validTokens.add(token);
    return token;
  };

  handlers.set('/cgi-bin/gettoken', () =>
    ok({
      access_token: issue('access'),
      expires_in: options.expiresIn ?? 7200,
    }),
  );
  handlers.set('/cgi-bin/service/get_suite_token', () =>
    ok({ suite_access_token: issue('suite'), expires_in: 7200 }),
  );
  handlers.set('/cgi-bin/service/get_corp_token', () =>
    ok({ access_token: issue('corp'), expires_in: 7200 }),
  );
  handlers.set('/cgi-bin/message/send', () => ok({ msgid: 'msg-1' }));
  handlers.set('/cgi-bin/user/get', r =>
    ok({ userid: r.query.userid, name: `Name of ${r.query.userid}` }),
  );

  const fetch = (async (input: string | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const path = url.pathname.replace(/^\/[^/]+(?=\/cgi-bin\/)/, '');
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      url,
      path,
      query: Object.fromEntries(url.searchParams),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      rawBody: init?.body ? String(init.body) : undefined,
    };
    requests.push(request);

    let answer: FakeAnswer;
    const token =
      request.query.access_token ?? request.query.suite_access_token;
    const queue = queued.get(path);
    if (queue?.length) {
      answer = queue.shift()!;
    } else if (token !== undefined && !validTokens.has(token)) {
      answer = { errcode: 42001, errmsg: 'access_token expired' };
    } else {
      answer = (await handlers.get(path)?.(request)) ?? ok();
    }

    if ('networkError' in answer) {
      throw new TypeError('fetch failed', {
        cause: new Error(String(answer.networkError)),
      });
    }
    if ('httpStatus' in answer) {
      return new Response('<html>bad gateway</html>', {
        status: Number(answer.httpStatus),
      });
    }
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;

  return {
    fetch,
    requests,
    /** Requests to one path, e.g. `/cgi-bin/gettoken`. */
    calls: (path: string) => requests.filter(r => r.path === path),
    /** One-shot answers for `path`, used before the default handler. */
    enqueue(path: string, ...answers: FakeAnswer[]) {
      queued.set(path, [...(queued.get(path) ?? []), ...answers]);
    },
    /** The default answer for `path`. */
    on(path: string, handler: Handler) {
      handlers.set(path, handler);
    },
    /** WeCom forgets every token it issued (they now answer 42001). */
    expireTokens() {
      validTokens.clear();
    },
    issuedTokens: () => [...validTokens],
    /** A new valid token, for custom token handlers. */
    issueToken: issue,
  };
}

export type FakeWeCom = ReturnType<typeof createFakeWeCom>;

/** A memory-backed Backstage cache service, as a single-node backend has. */
export function createMemoryCache() {
  return CacheManager.fromConfig(mockServices.rootConfig()).forPlugin('wecom');
}

/** A logger that keeps every line, with its metadata, for assertions. */
export function createRecordingLogger() {
  const lines: string[] = [];
  const make = (meta: Record<string, unknown>): LoggerService => {
    const record = (level: string) => (message: string, extra?: unknown) => {
      lines.push(
        `${level} ${message} ${JSON.stringify(meta)} ${
          extra instanceof Error ? extra.stack : JSON.stringify(extra ?? {})
        }`,
      );
    };
    return {
      error: record('error'),
      warn: record('warn'),
      info: record('info'),
      debug: record('debug'),
      child: childMeta => make({ ...meta, ...childMeta }),
    };
  };
  return { logger: make({}), lines };
}

export const ok200 = ok;

/** The app secret of {@link TEST_APP_CREDENTIALS}, for "never leaks" assertions. */
export const TEST_APP_SECRET = 'app-secret-0123456789abcdefghijklmnopqrstuv';

/** A custom app of a test corp, as most connector tests use it. */
export const TEST_APP_CREDENTIALS: WeComAppCredentials = {
  integrationId: 'acme',
  mode: 'customApp',
  corpId: 'ww0123456789abcdef',
  agentId: 1000002,
  secret: TEST_APP_SECRET,
  apiBaseUrl: 'https://qyapi.weixin.qq.com',
};

/**
 * A client of {@link TEST_APP_CREDENTIALS} talking to the fake WeCom, with
 * a memory cache, a recording logger and sleeps that are recorded instead of
 * waited.
 */
export function createTestClient(
  wecom: FakeWeCom,
  overrides: Partial<WeComClientOptions> = {},
) {
  const { logger, lines } = createRecordingLogger();
  const sleeps: number[] = [];
  const client = new WeComClient({
    credentials: TEST_APP_CREDENTIALS,
    cache: createMemoryCache(),
    logger,
    fetch: wecom.fetch,
    sleep: async ms => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { client, logs: lines, sleeps };
}

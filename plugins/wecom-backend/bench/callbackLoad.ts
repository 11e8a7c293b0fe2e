import autocannon from 'autocannon';

/**
 * One load of the callback route bench: autocannon against a target, with
 * the server's CPU time per request.
 */

export const CALLBACK_PATH = '/api/wecom/integrations/bench/callback';
export const READINESS_PATH = '/.backstage/health/v1/readiness';

/** A server under load, in its own process. */
export interface Target {
  url: string;
  stats(): Promise<{ handled: number; cpuMicros: number }>;
  stop(): Promise<void>;
}

/** A callback as WeCom would send it. */
export interface SignedCallback {
  path: string;
  body: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  ok: number;
  failed: number;
  /** The server's CPU time per request, in microseconds. */
  cpuPerRequest: number;
}

/** Cycles through `pool`, counting how many requests it has taken. */
export class PoolCursor {
  taken = 0;
  constructor(private readonly pool: SignedCallback[]) {}
  next(): SignedCallback {
    return this.pool[this.taken++ % this.pool.length];
  }
}

export interface Load {
  target: Target;
  connections: number;
  seconds: number;
  /** POSTs the pool's callbacks to `path` (their own path if unset). */
  cursor?: PoolCursor;
  path?: string;
  /** Waits for the queue after the load, and counts its CPU time too. */
  until?: () => Promise<void>;
}

export async function load(options: Load): Promise<LoadResult> {
  const { target, connections, seconds, cursor } = options;
  const before = await target.stats();
  const result = await autocannon({
    url: cursor ? target.url : `${target.url}${READINESS_PATH}`,
    connections,
    duration: seconds,
    ...(cursor
      ? {
          requests: [
            {
              method: 'POST',
              setupRequest: (request: any) => {
                const callback = cursor.next();
                return {
                  ...request,
                  method: 'POST',
                  path: options.path
                    ? callback.path.replace(CALLBACK_PATH, options.path)
                    : callback.path,
                  body: callback.body,
                  headers: { 'content-type': 'text/xml' },
                };
              },
            },
          ],
        }
      : {}),
  });
  await options.until?.();
  const after = await target.stats();
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    cpuPerRequest:
      (after.cpuMicros - before.cpuMicros) / Math.max(1, result.requests.total),
  };
}

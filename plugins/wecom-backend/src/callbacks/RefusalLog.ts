import { LoggerService } from '@backstage/backend-plugin-api';

/** A refusal's kind, as the summary and the metric name it. */
export type RefusalKind =
  | 'unknown integration'
  | 'bad signature'
  | 'stale timestamp'
  | 'malformed'
  | 'too large'
  | 'other';

/** The kind of a refusal from its status (each check answers its own). */
export function refusalKind(status: number): RefusalKind {
  switch (status) {
    case 404:
      return 'unknown integration';
    case 401:
      return 'bad signature';
    case 403:
      return 'stale timestamp';
    case 400:
      return 'malformed';
    case 413:
      return 'too large';
    default:
      return 'other';
  }
}

/** The subset of Backstage's MetricsService counter this needs. */
export interface RefusalCounter {
  add(value: number, attributes?: Record<string, string>): void;
}

/** How long a summary covers (default a minute). */
export const REFUSAL_LOG_INTERVAL_MS = 60_000;

/**
 * Refusals of the public callback URLs, logged as one line per interval
 * at most, and counted. Anyone can post to these URLs, so a line per
 * refusal would let a flood of junk fill the log and cost more than
 * WeCom's own traffic.
 *
 * The first refusal after a quiet interval is warned at once (an admin
 * fixing a callback URL sees why it fails); the refusals that follow
 * within the interval are only counted, and at its end one line sums them
 * up by kind with the first of them. An interval without refusals ends
 * the series. Nothing of the request body is logged; the path holds the
 * integration id, which is bounded by the routes' pattern and the logger
 * redacts secrets.
 */
export class RefusalLog {
  #window:
    | {
        counts: Map<RefusalKind, number>;
        first: string | undefined;
        timer: ReturnType<typeof setTimeout>;
      }
    | undefined;

  constructor(
    private readonly logger: LoggerService,
    private readonly options: {
      intervalMs?: number;
      counter?: RefusalCounter;
    } = {},
  ) {}

  /** Records one refusal; `describe` is called only if it is logged. */
  record(kind: RefusalKind, status: number, describe: () => string): void {
    this.options.counter?.add(1, { kind, status: String(status) });
    const window = this.#window;
    if (window) {
      window.counts.set(kind, (window.counts.get(kind) ?? 0) + 1);
      window.first ??= describe();
      return;
    }
    this.logger.warn(`Refused WeCom callback ${describe()}`);
    this.open();
  }

  private open() {
    const intervalMs = this.options.intervalMs ?? REFUSAL_LOG_INTERVAL_MS;
    const timer = setTimeout(() => {
      const ended = this.#window;
      this.#window = undefined;
      if (ended && ended.counts.size > 0) {
        this.summarise(ended.counts, ended.first);
        // Still refusing: the next summary comes an interval later.
        this.open();
      }
    }, intervalMs);
    // A pending summary must not keep the process alive.
    timer.unref?.();
    this.#window = { counts: new Map(), first: undefined, timer };
  }

  private summarise(counts: Map<RefusalKind, number>, first?: string) {
    if (counts.size === 0) return;
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    const seconds = Math.round(
      (this.options.intervalMs ?? REFUSAL_LOG_INTERVAL_MS) / 1000,
    );
    const byKind = [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    this.logger.warn(
      `Refused ${total} more WeCom callback${
        total === 1 ? '' : 's'
      } in the last ${seconds} s: ${byKind}; first: ${first}`,
    );
  }
}

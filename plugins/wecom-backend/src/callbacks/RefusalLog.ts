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
/** How many (id, reason) pairs a summary names; the rest are summed up. */
export const REFUSAL_SUMMARY_TOP = 10;
/**
 * How many distinct pairs an interval counts one by one. Made-up ids get
 * fewer places than the refusals of real integrations and suites, so a
 * spray of random ids cannot crowd those out of the summary.
 */
const MAX_UNKNOWN_ID_PAIRS = 20;
const MAX_PAIRS = 200;
/** How much of an attacker-chosen id, or a refusal's description, is logged. */
const MAX_ID_LENGTH = 40;
const MAX_LINE_LENGTH = 300;

/** One refusal, as the router saw it. */
export interface RecordedRefusal {
  kind: RefusalKind;
  status: number;
  /** The integration or suite id from the URL: attacker-controlled. */
  id: string;
  /** Called only if this refusal is logged on its own line. */
  describe: () => string;
}

interface Window {
  byKind: Map<RefusalKind, number>;
  byPair: Map<string, { id: string; kind: RefusalKind; count: number }>;
  unknownIdPairs: number;
  /** Refusals of pairs past the caps, counted but not named. */
  untracked: number;
  first: string | undefined;
}

/**
 * Refusals of the public callback URLs, logged as one line per interval
 * at most, and counted. Anyone can post to these URLs, so a line per
 * refusal would let a flood of junk fill the log and cost more than
 * WeCom's own traffic.
 *
 * The first refusal after a quiet interval is warned at once (an admin
 * fixing a callback URL sees why it fails); the refusals that follow
 * within the interval are only counted, and at its end one line sums them
 * up by kind, names the ten most frequent (id, kind) pairs and gives the
 * first of them. An interval without refusals ends the series. Memory and
 * the line are bounded whatever ids are sent: ids are cut to 40 printable
 * characters, at most 200 pairs are counted by name per interval (20 for
 * ids no integration has), and descriptions are cut to 300 characters
 * without control characters. Nothing of the request body is logged.
 */
export class RefusalLog {
  #window: Window | undefined;

  constructor(
    private readonly logger: LoggerService,
    private readonly options: {
      intervalMs?: number;
      counter?: RefusalCounter;
    } = {},
  ) {}

  /** Records one refusal; `describe` is called only if it is logged. */
  record(refusal: RecordedRefusal): void {
    const { kind, status } = refusal;
    this.options.counter?.add(1, { kind, status: String(status) });
    const window = this.#window;
    if (window) {
      count(window, refusal);
      window.first ??= printable(refusal.describe(), MAX_LINE_LENGTH);
      return;
    }
    this.logger.warn(
      `Refused WeCom callback ${printable(
        refusal.describe(),
        MAX_LINE_LENGTH,
      )}`,
    );
    this.open();
  }

  private open() {
    const intervalMs = this.options.intervalMs ?? REFUSAL_LOG_INTERVAL_MS;
    const timer = setTimeout(() => {
      const ended = this.#window;
      this.#window = undefined;
      if (ended && ended.byKind.size > 0) {
        this.summarise(ended);
        // Still refusing: the next summary comes an interval later.
        this.open();
      }
    }, intervalMs);
    // A pending summary must not keep the process alive.
    timer.unref?.();
    this.#window = {
      byKind: new Map(),
      byPair: new Map(),
      unknownIdPairs: 0,
      untracked: 0,
      first: undefined,
    };
  }

  private summarise(window: Window) {
    const total = [...window.byKind.values()].reduce((sum, n) => sum + n, 0);
    const seconds = Math.round(
      (this.options.intervalMs ?? REFUSAL_LOG_INTERVAL_MS) / 1000,
    );
    const byKind = [...window.byKind]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    this.logger.warn(
      `Refused ${total} more WeCom callback${
        total === 1 ? '' : 's'
      } in the last ${seconds} s: ${byKind}; by id: ${byPair(window)}; first: ${
        window.first
      }`,
    );
  }
}

function count(window: Window, refusal: RecordedRefusal) {
  const { kind } = refusal;
  window.byKind.set(kind, (window.byKind.get(kind) ?? 0) + 1);
  const id = printable(refusal.id, MAX_ID_LENGTH);
  const key = `${kind}\u0000${id}`;
  const pair = window.byPair.get(key);
  if (pair) {
    pair.count += 1;
    return;
  }
  const unknownId = kind === 'unknown integration';
  if (
    window.byPair.size >= MAX_PAIRS ||
    (unknownId && window.unknownIdPairs >= MAX_UNKNOWN_ID_PAIRS)
  ) {
    window.untracked += 1;
    return;
  }
  if (unknownId) window.unknownIdPairs += 1;
  window.byPair.set(key, { id, kind, count: 1 });
}

/** `"acme" 812 bad signature, …, and 12 more (40 refusals)`. */
function byPair(window: Window): string {
  const pairs = [...window.byPair.values()].sort((a, b) => b.count - a.count);
  const named = pairs
    .slice(0, REFUSAL_SUMMARY_TOP)
    .map(p => `${JSON.stringify(p.id)} ${p.count} ${p.kind}`);
  const rest = pairs.slice(REFUSAL_SUMMARY_TOP);
  const restRefusals =
    rest.reduce((sum, p) => sum + p.count, 0) + window.untracked;
  if (restRefusals > 0) {
    const more = `${rest.length}${window.untracked > 0 ? '+' : ''}`;
    named.push(
      `and ${more} more (${restRefusals} refusal${
        restRefusals === 1 ? '' : 's'
      })`,
    );
  }
  return named.join(', ');
}

/**
 * Text from a request, safe for one log line: control characters (line
 * breaks, terminal escapes) become "?", and it is cut to `max` characters.
 */
export function printable(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

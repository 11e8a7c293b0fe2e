import { WeComIntegration } from './types';
import { INTEGRATION_ID_PATTERN } from './validation';

/** How long a replica trusts its list of integrations (default 5 s). */
export const INTEGRATION_INDEX_TTL_MS = 5_000;
/**
 * How old the list must be before an id it does not hold reloads it
 * (default 1 s): another replica may have just created that integration,
 * but a flood of made-up ids must not reach the database per request.
 */
export const INTEGRATION_INDEX_MISS_RELOAD_MS = 1_000;
/**
 * How long after a failed load the next one waits (default 1 s): a
 * database that is down must not get a query per callback. Meanwhile the
 * last list that loaded is served, or, when none has, the load's error.
 */
export const INTEGRATION_INDEX_RETRY_MS = 1_000;

interface Snapshot {
  loadedAt: number;
  byId: Map<string, WeComIntegration>;
  all: WeComIntegration[];
}

/**
 * Every integration (app-config's and the stored ones), read as one list
 * and kept for a few seconds, for the public callback URLs: they look an
 * integration up on every request, and anyone can send them any id. It
 * decides which ids are refused before anything else is done; a callback
 * it lets through reads its integration exactly (`IntegrationService.get`),
 * so keys rotated or an integration deleted on another replica take effect
 * there at once, as before.
 *
 * - A change made on this replica is seen at once (`invalidate`, called
 *   on the integration service's change); one made on another replica
 *   within the TTL (5 s), and an id the list does not hold reloads it if
 *   the list is older than a second, so a new integration's URL
 *   verification works within a second on every replica.
 * - Nothing a request sends is stored: only a whole list read from the
 *   source replaces the list, so an unknown id cannot evict or shadow a
 *   real one, and a flood of them costs at most one read a second.
 * - Loads are shared: requests that need a reload wait for the same one.
 * - A failed load is retried a second later at the soonest; until then
 *   (and when the retry fails too) the last list that loaded is served.
 */
export class IntegrationIndex {
  #snapshot: Snapshot | undefined;
  #loading: Promise<Snapshot> | undefined;
  /** Bumped by `invalidate`: a load started before it is not kept. */
  #generation = 0;
  /** The last list that loaded, kept through `invalidate` for outages. */
  #lastGood: Snapshot | undefined;
  #failure: { at: number; error: unknown } | undefined;

  constructor(
    private readonly source: { list(): Promise<WeComIntegration[]> },
    private readonly options: {
      ttlMs?: number;
      missReloadMs?: number;
      retryMs?: number;
      now?: () => number;
    } = {},
  ) {}

  /** The integration with this id, or undefined. */
  async get(id: string): Promise<WeComIntegration | undefined> {
    // Ids come from public URLs; one no integration can have is not looked up.
    if (!INTEGRATION_ID_PATTERN.test(id)) return undefined;
    const snapshot = await this.current();
    const found = snapshot.byId.get(id);
    if (found) return found;
    const missReloadMs =
      this.options.missReloadMs ?? INTEGRATION_INDEX_MISS_RELOAD_MS;
    if (this.now() - snapshot.loadedAt < missReloadMs) return undefined;
    return (await this.reload()).byId.get(id);
  }

  /**
   * The integrations that `matches` accepts; none reloads the list if it
   * is older than a second, as a missing id does.
   */
  async find(
    matches: (integration: WeComIntegration) => boolean,
  ): Promise<WeComIntegration[]> {
    const snapshot = await this.current();
    const found = snapshot.all.filter(matches);
    const missReloadMs =
      this.options.missReloadMs ?? INTEGRATION_INDEX_MISS_RELOAD_MS;
    if (found.length > 0 || this.now() - snapshot.loadedAt < missReloadMs) {
      return found;
    }
    return (await this.reload()).all.filter(matches);
  }

  /** Forgets the list: an integration changed on this replica. */
  invalidate(): void {
    this.#generation += 1;
    this.#snapshot = undefined;
    this.#loading = undefined;
  }

  private async current(): Promise<Snapshot> {
    const snapshot = this.#snapshot;
    const ttlMs = this.options.ttlMs ?? INTEGRATION_INDEX_TTL_MS;
    if (snapshot && this.now() - snapshot.loadedAt < ttlMs) return snapshot;
    return this.reload();
  }

  private reload(): Promise<Snapshot> {
    const failure = this.#failure;
    const retryMs = this.options.retryMs ?? INTEGRATION_INDEX_RETRY_MS;
    if (!this.#loading && failure && this.now() - failure.at < retryMs) {
      return this.#lastGood
        ? Promise.resolve(this.#lastGood)
        : Promise.reject(failure.error);
    }
    if (!this.#loading) {
      const generation = this.#generation;
      const startedAt = this.now();
      const loading = this.source.list().then(
        all => {
          const snapshot: Snapshot = {
            // From the load's start: a change committed during the read
            // may be missing from it.
            loadedAt: startedAt,
            byId: new Map(all.map(i => [i.id, i])),
            all,
          };
          this.#failure = undefined;
          if (generation === this.#generation) {
            this.#snapshot = snapshot;
            this.#lastGood = snapshot;
            this.#loading = undefined;
          }
          return snapshot;
        },
        error => {
          this.#failure = { at: this.now(), error };
          if (generation === this.#generation) this.#loading = undefined;
          if (this.#lastGood) return this.#lastGood;
          throw error;
        },
      );
      this.#loading = loading;
    }
    return this.#loading;
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }
}

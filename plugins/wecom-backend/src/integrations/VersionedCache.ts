import { createHash } from 'node:crypto';

/**
 * A digest of the settings something was built from. Every replica reads
 * the same stored settings, so a change saved on any replica gives a new
 * digest on all of them; the digest never leaves this process.
 */
export function settingsDigest(...settings: unknown[]): string {
  return createHash('sha256')
    .update(JSON.stringify(settings))
    .digest('base64url');
}

/**
 * Objects built from an integration's settings (clients, crypto), one per
 * key, rebuilt when the settings' digest changes. A cache keyed by the id
 * alone would keep old keys and secrets on every replica but the one that
 * saved the change.
 */
export class VersionedCache<T> {
  readonly #entries = new Map<string, { digest: string; value: T }>();

  get(key: string, digest: string, build: () => T): T {
    const entry = this.#entries.get(key);
    if (entry?.digest === digest) return entry.value;
    // Built first: a build that throws leaves the old entry alone.
    const value = build();
    this.#entries.set(key, { digest, value });
    return value;
  }

  /** Drops an entry (an integration this replica saw deleted). */
  delete(key: string) {
    this.#entries.delete(key);
  }
}

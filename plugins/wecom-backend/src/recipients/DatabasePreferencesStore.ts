import { WeComUserPreferences } from 'backstage-plugin-wecom-common';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { writeTimestamp } from '../database/time';
import { DEFAULT_PREFERENCES, PreferencesStore } from './PreferencesStore';

const TABLE = 'wecom_user_preferences';
// Keeps `IN (…)` under SQLite's bound-parameter limit.
const CHUNK = 500;

/** Entity refs are case-insensitive in Backstage; rows use the lower-case form. */
function key(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

/** Preferences in the plugin's database (`wecom_user_preferences`). */
export class DatabasePreferencesStore implements PreferencesStore {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => DateTime = () => DateTime.utc(),
  ) {}

  async get(entityRef: string): Promise<WeComUserPreferences> {
    const row = await this.knex(TABLE)
      .where({ entity_ref: key(entityRef) })
      .first();
    return row
      ? { personalChannelEnabled: Boolean(row.personal_channel_enabled) }
      : { ...DEFAULT_PREFERENCES };
  }

  async set(
    entityRef: string,
    preferences: WeComUserPreferences,
  ): Promise<WeComUserPreferences> {
    await this.knex(TABLE)
      .insert({
        entity_ref: key(entityRef),
        personal_channel_enabled: preferences.personalChannelEnabled,
        updated_at: writeTimestamp(this.now()),
      })
      .onConflict('entity_ref')
      .merge(['personal_channel_enabled', 'updated_at']);
    return this.get(entityRef);
  }

  async optedOut(entityRefs: string[]): Promise<Set<string>> {
    const keys = [...new Set(entityRefs.map(key))];
    const off = new Set<string>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows: Array<{ entity_ref: string }> = await this.knex(TABLE)
        .whereIn('entity_ref', keys.slice(i, i + CHUNK))
        .andWhere({ personal_channel_enabled: false })
        .select('entity_ref');
      rows.forEach(row => off.add(row.entity_ref));
    }
    return off;
  }
}

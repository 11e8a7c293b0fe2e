import { WeComUserPreferences } from 'backstage-plugin-wecom-common';

/** What a user who never changed anything gets: cards on. */
export const DEFAULT_PREFERENCES: WeComUserPreferences = {
  personalChannelEnabled: true,
};

/** Each user's own notification settings, keyed by user entity ref. */
export interface PreferencesStore {
  /** The user's settings, or the defaults. */
  get(entityRef: string): Promise<WeComUserPreferences>;
  set(
    entityRef: string,
    preferences: WeComUserPreferences,
  ): Promise<WeComUserPreferences>;
  /** Which of these users turned the personal channel off (lower-case refs). */
  optedOut(entityRefs: string[]): Promise<Set<string>>;
}

import type { WeComIncident } from 'backstage-plugin-wecom-common';
import type { WeComIncidentProvider } from '../incidents';

/**
 * The provider methods whose calls {@link InMemoryIncidentProvider} records
 * and can be told to fail.
 *
 * @public
 */
export type InMemoryIncidentProviderMethod = Exclude<
  keyof WeComIncidentProvider,
  'subscribe'
>;

/**
 * One recorded call of an {@link InMemoryIncidentProvider} method.
 *
 * @public
 */
export type InMemoryIncidentProviderCall = {
  [M in InMemoryIncidentProviderMethod]: {
    method: M;
    args: Parameters<WeComIncidentProvider[M]>;
  };
}[InMemoryIncidentProviderMethod];

/**
 * An incident to seed {@link InMemoryIncidentProvider} with: title and
 * severity, anything else defaults as if it had just been created.
 *
 * @public
 */
export type InMemoryIncidentSeed = Partial<WeComIncident> &
  Pick<WeComIncident, 'title' | 'severity'>;

/**
 * Options of {@link InMemoryIncidentProvider}.
 *
 * @public
 */
export interface InMemoryIncidentProviderOptions {
  /** The clock; tests pass one they move. Defaults to the real time. */
  now?: () => Date | string;
  /** Put before each generated incident id, e.g. `mem-`. */
  idPrefix?: string;
  /** Incidents that exist from the start; see `seedIncident`. */
  incidents?: InMemoryIncidentSeed[];
}

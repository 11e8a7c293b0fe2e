import {
  WeComIncidentProvider,
  WeComIncidentsExtensionPoint,
} from 'backstage-plugin-wecom-node';

/**
 * Holds the incident provider a module installs through
 * `wecomIncidentsExtensionPoint`. One provider only: a second one is a
 * set-up mistake, and guessing which should win would hide it.
 */
export class IncidentProviderSlot implements WeComIncidentsExtensionPoint {
  #provider: WeComIncidentProvider | undefined;

  setIncidentProvider(provider: WeComIncidentProvider): void {
    if (this.#provider) {
      throw new Error(
        'An incident provider was already set through wecomIncidentsExtensionPoint; install only one module that provides WeCom incidents',
      );
    }
    this.#provider = provider;
  }

  /** The module's provider, or undefined: then the database provider is used. */
  get provider(): WeComIncidentProvider | undefined {
    return this.#provider;
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { WeComIncidentChange } from 'backstage-plugin-wecom-node';

type Listener = (change: WeComIncidentChange) => Promise<void> | void;

/**
 * The subscribers of a provider. Called after the change is committed, one
 * after another; a listener that throws is logged and never undoes or
 * blocks the change, nor keeps the others from hearing of it.
 */
export class IncidentChangeListeners {
  readonly #listeners = new Set<Listener>();

  constructor(private readonly logger: LoggerService) {}

  subscribe(listener: Listener): () => void {
    // A wrapper per subscription, so subscribing one function twice gives
    // two independent subscriptions.
    const entry: Listener = change => listener(change);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  async notify(change: WeComIncidentChange): Promise<void> {
    for (const listener of [...this.#listeners]) {
      try {
        await listener(change);
      } catch (error) {
        this.logger.error(
          `An incident listener failed on the ${change.type} change of incident ${change.incident.id}: ${error}`,
        );
      }
    }
  }
}

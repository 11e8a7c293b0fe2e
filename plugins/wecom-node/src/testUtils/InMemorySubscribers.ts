import type { WeComIncidentChange } from '../incidents';

type Listener = (change: WeComIncidentChange) => Promise<void> | void;

/**
 * An in-memory provider's subscribers, called one after another after each
 * change; a throwing subscriber never undoes the change, its error is kept.
 */
export class InMemorySubscribers {
  readonly #listeners = new Set<Listener>();
  readonly errors: Array<{ change: WeComIncidentChange; error: unknown }> = [];

  subscribe(listener: Listener): () => void {
    // A wrapper per subscription, so subscribing one function twice gives
    // two independent subscriptions, as with the plugin's provider.
    const subscription: Listener = change => listener(change);
    this.#listeners.add(subscription);
    return () => {
      this.#listeners.delete(subscription);
    };
  }

  async notify(change: WeComIncidentChange): Promise<void> {
    for (const listener of [...this.#listeners]) {
      try {
        await listener(change);
      } catch (error) {
        this.errors.push({ change, error });
      }
    }
  }
}

import type { WeComIncidentProvider } from '../incidents';
import type {
  InMemoryIncidentProviderCall,
  InMemoryIncidentProviderMethod,
} from './inMemoryIncidentProviderTypes';

/**
 * The calls of an in-memory provider's methods, and the failures queued
 * for them.
 */
export class InMemoryCallRecorder {
  readonly calls: InMemoryIncidentProviderCall[] = [];
  readonly #failures = new Map<InMemoryIncidentProviderMethod, Error[]>();

  /** The arguments of each call of one method, oldest first. */
  callsOf<M extends InMemoryIncidentProviderMethod>(
    method: M,
  ): Array<Parameters<WeComIncidentProvider[M]>> {
    return this.calls
      .filter(call => call.method === method)
      .map(call => call.args as Parameters<WeComIncidentProvider[M]>);
  }

  /** Queues an error for the next call of `method`. */
  failNext(method: InMemoryIncidentProviderMethod, error: Error): void {
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), error]);
  }

  /** Records a call, then throws the failure queued for its method, if any. */
  record(call: InMemoryIncidentProviderCall): void {
    this.calls.push(structuredClone(call));
    const error = this.#failures.get(call.method)?.shift();
    if (error) throw error;
  }
}

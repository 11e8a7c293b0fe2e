/**
 * Calls `work` for each item with at most `concurrency` calls in flight.
 * Stops taking new items once `stopped()` says so; calls in flight finish.
 * `work` must not throw: a run records each user's outcome itself.
 */
export async function runConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stopped()) {
      const item = items[next++];
      await work(item);
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
}

/**
 * One run per key at a time: a caller whose key is already running shares that run's outcome
 * (answer or failure). The entry goes when the run settles, so nothing is cached afterwards.
 */
export function createInFlightDeduplicator<T>() {
  const inFlight = new Map<string, Promise<T>>();
  return function deduplicate(key: string, run: () => Promise<T>): { result: Promise<T>; shared: boolean } {
    const pending = inFlight.get(key);
    if (pending) return { result: pending, shared: true };
    let result: Promise<T>;
    try {
      result = run();
    } catch (error) {
      return { result: Promise.reject(error), shared: false };
    }
    // Removed before any caller sees the outcome (they await this promise, which settles after the deletion).
    result = result.finally(() => inFlight.delete(key));
    inFlight.set(key, result);
    return { result, shared: false };
  };
}

export type InFlightDeduplicator<T> = ReturnType<typeof createInFlightDeduplicator<T>>;

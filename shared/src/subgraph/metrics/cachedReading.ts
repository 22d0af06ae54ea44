/**
 * A reading reused for `ttlMs`, with concurrent callers sharing the one in flight, so frequent or
 * parallel scrapes cost one query. A failed read is reported to `onError` and gives undefined.
 */
export function cachedReading<T>(read: () => Promise<T>, ttlMs: number, onError: (error: unknown) => void): () => Promise<T | undefined> {
  let last: { at: number; value: Promise<T | undefined> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= ttlMs) {
      last = {
        at: now,
        value: read().catch((error: unknown) => {
          onError(error);
          last = undefined; // the next scrape tries again
          return undefined;
        }),
      };
    }
    return last.value;
  };
}

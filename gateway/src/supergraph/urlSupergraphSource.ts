import type { SupergraphSource } from './SupergraphSource';

/** The largest supergraph accepted from a URL. */
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * A supergraph served over HTTP(S) (a schema registry, or a file server next to the composer),
 * fetched every `intervalMs` with a timeout of the same length (at most 30 s) and a size cap.
 */
export function urlSupergraphSource(url: string, intervalMs: number): SupergraphSource {
  let last: string | undefined;
  const load = async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(Math.min(intervalMs, 30_000)), redirect: 'error' });
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    if (Number(response.headers.get('content-length') ?? 0) > MAX_BYTES) throw new Error(`${url} sent more than ${MAX_BYTES} bytes`);
    const sdl = await response.text();
    if (Buffer.byteLength(sdl) > MAX_BYTES) throw new Error(`${url} sent more than ${MAX_BYTES} bytes`);
    return (last = sdl);
  };
  return {
    name: url,
    load,
    watch(onChange, onError) {
      let polling = false;
      const timer = setInterval(() => {
        if (polling) return;
        polling = true;
        const before = last;
        load()
          .then((sdl) => (sdl !== before ? onChange(sdl) : undefined), onError)
          .finally(() => (polling = false));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SupergraphSource } from './SupergraphSource';

/**
 * A supergraph file, checked every `intervalMs` (stat polling: an editor or `npm run compose`
 * that replaces the file is seen as surely as one that rewrites it, on any file system). Write
 * it by replacing it in one rename, as `npm run compose` does: a file caught half-written is
 * no valid supergraph, and is refused until its next change. An empty file is taken as one
 * being written and skipped.
 */
export function fileSupergraphSource(path: string, intervalMs: number): SupergraphSource {
  let last: string | undefined;
  const load = async () => (last = await readFile(path, 'utf8'));
  return {
    name: path,
    load,
    watch(onChange, onError) {
      const listener = (current: Stats, previous: Stats) => {
        if (current.mtimeMs === previous.mtimeMs && current.size === previous.size) return;
        const before = last;
        load().then((sdl) => (sdl.trim() && sdl !== before ? onChange(sdl) : undefined), onError);
      };
      watchFile(path, { interval: intervalMs, persistent: false }, listener);
      return () => unwatchFile(path, listener);
    },
  };
}

import type { GatewayOptions } from '../GatewayOptions';
import { fileSupergraphSource } from './fileSupergraphSource';
import type { SupergraphSource } from './SupergraphSource';
import { urlSupergraphSource } from './urlSupergraphSource';

/** The source to reload the supergraph from: its URL, else its watched file; none for static SDL or `watch: false`. */
export function supergraphSourceOf(options: Pick<GatewayOptions, 'supergraphPath' | 'supergraphReload'>): SupergraphSource | undefined {
  const reload = options.supergraphReload ?? {};
  if (reload.intervalSeconds !== undefined && !(reload.intervalSeconds > 0)) throw new Error(`supergraphReload.intervalSeconds must be positive, not ${reload.intervalSeconds}`);
  if (reload.url) return urlSupergraphSource(reload.url, (reload.intervalSeconds ?? 15) * 1000);
  if (options.supergraphPath && reload.watch !== false) return fileSupergraphSource(options.supergraphPath, (reload.intervalSeconds ?? 1) * 1000);
  return undefined;
}

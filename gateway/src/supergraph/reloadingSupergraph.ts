import type { SupergraphSdlHook } from '@apollo/gateway';
import { loadedSupergraph, type LoadedSupergraph } from './loadedSupergraph';
import type { SupergraphSource } from './SupergraphSource';

export interface ReloadHandlers {
  /** What is wrong with a new supergraph for this gateway (its subscription config and routes); empty when it fits. */
  problems(supergraph: LoadedSupergraph): string[];
  /** A new supergraph was applied, or refused with the reason (the old one keeps serving). */
  onOutcome(outcome: 'applied' | 'refused', details: { source: string; reason?: string }): void;
}

/**
 * ApolloGateway's `supergraphSdl` hook: starts from `initial` and, while the gateway runs,
 * applies each new SDL from `source`, once it is a valid supergraph and the gateway's config
 * (subscription fields, routes) still fits it. ApolloGateway then plans new operations on it at once,
 * while requests already executing finish on the schema they started with.
 */
export function reloadingSupergraph(initial: string, source: SupergraphSource, handlers: ReloadHandlers): SupergraphSdlHook {
  return async ({ update }) => {
    let current = initial;
    const stop = source.watch(
      (sdl) => {
        // The file back to what is served (e.g. after a refused one): nothing to do.
        if (sdl === current) return;
        let reason: string | undefined;
        try {
          const problems = handlers.problems(loadedSupergraph(sdl));
          if (problems.length) reason = `the gateway config does not fit it:\n${problems.join('\n')}`;
          else {
            update(sdl);
            current = sdl;
          }
        } catch (error) {
          reason = (error as Error).message;
        }
        handlers.onOutcome(reason ? 'refused' : 'applied', { source: source.name, reason });
      },
      (error) => handlers.onOutcome('refused', { source: source.name, reason: error.message }),
    );
    return { supergraphSdl: initial, cleanup: async () => stop() };
  };
}

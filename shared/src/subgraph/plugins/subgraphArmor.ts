import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Operation limits for a subgraph. The gateway enforces the client-facing limits; a subgraph only
 * sees the gateway's own fetches, which are flatter but may carry the planner's aliases and an
 * `_entities` selection, so its limits are looser backstops, and field suggestions are off.
 */
export function subgraphArmor() {
  return new ApolloArmor({
    maxDepth: { n: 20, flattenFragments: true },
    maxAliases: { n: 50 },
    maxDirectives: { n: 50 },
    maxTokens: { n: 10_000 },
    costLimit: { maxCost: 100_000 },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

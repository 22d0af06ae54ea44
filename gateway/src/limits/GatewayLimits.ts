/** Operation and upstream limits (config `limits`); every one has a default, see DEFAULT_LIMITS. */
export interface GatewayLimits {
  /** Deepest field nesting (graphql-armor maxDepth). */
  maxDepth: number;
  /** Aliases per operation (graphql-armor maxAliases). */
  maxAliases: number;
  /** Directives per operation (graphql-armor maxDirectives). */
  maxDirectives: number;
  /** Lexer tokens per document (graphql-armor maxTokens). */
  maxTokens: number;
  /** Cost per operation where a list field counts its children `listSize` times (or its `first`/`last`); see listCostRule. */
  maxCost: number;
  /** How many items a list field without `first`/`last` is assumed to return. */
  listSize: number;
  /** Removes "Did you mean …?" from validation errors. Default true in production, else false. */
  blockFieldSuggestions?: boolean;
  /** Subgraph fetches one request may have in flight at once. */
  maxConcurrentFetches: number;
  /** Open connections per subgraph across all requests. */
  maxConnectionsPerSubgraph: number;
  /** A subgraph fetch that takes longer is aborted (ms). */
  subgraphTimeoutMs: number;
  /** A subgraph answer or a final answer past this many bytes is cut off with RESPONSE_TOO_LARGE. */
  maxResponseBytes: number;
  /** Identical query fetches to a subgraph (same document, variables and headers, credentials included) in flight at once go out once. Never mutations. Default true. */
  dedupeFetches: boolean;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  maxDepth: 10,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 2000,
  maxCost: 250000,
  listSize: 10,
  maxConcurrentFetches: 8,
  maxConnectionsPerSubgraph: 64,
  subgraphTimeoutMs: 30000,
  maxResponseBytes: 8 * 1024 * 1024,
  dedupeFetches: true,
};

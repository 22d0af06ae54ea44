/** How the gateway proves to subgraphs that a request came through it (header `x-gateway-token`). */
export interface SubgraphCredential {
  /** HS256 secret shared with the subgraphs (env SUBGRAPH_SECRET). Without it no header is sent. */
  secret?: string;
  /** `iss` claim. Default "caregraph-gateway". */
  issuer?: string;
  /** Token lifetime; a cached token is re-signed once less than half of it remains. Default 60. */
  ttlSeconds?: number;
}

export const DEFAULT_SUBGRAPH_ISSUER = 'caregraph-gateway';
export const DEFAULT_SUBGRAPH_TOKEN_TTL_SECONDS = 60;

import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { Operation } from '@apollo/federation-internals';
import type { ResponsePath } from '@apollo/query-planner';
import type { GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { PlanDataSource } from './PlanDataSource';

export type ResultMap = Record<string, unknown>;

export interface CacheHint {
  maxAge?: number;
  scope?: 'PRIVATE' | 'PUBLIC';
}

/**
 * One execution of a plan (for one request, or for identical requests in flight at once):
 * where fetches go, what they merged, what failed, and what every request sharing it must
 * also record (cache hints, error paths, the subgraphs fetched).
 */
export interface ExecutionState {
  serviceMap: Record<string, PlanDataSource>;
  /** The request that runs the plan; its context (credentials) is the one sent to subgraphs. */
  requestContext: GatewayGraphQLRequestContext;
  operation: Operation;
  supergraphSchema: GraphQLSchema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  cacheHints: CacheHint[];
  nonFtv1ErrorPaths: { subgraph: string; path: GraphQLFormattedError['path'] }[];
  fetched: string[];
}

/** Where a plan node reads and writes: the entities at `path` of the merged result. */
export interface Cursor {
  path: ResponsePath;
  data: unknown;
  fullResult: ResultMap;
}

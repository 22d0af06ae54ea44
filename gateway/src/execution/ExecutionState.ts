import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { Operation } from '@apollo/federation-internals';
import type { ResponsePath } from '@apollo/query-planner';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import type { PlanDataSource } from './PlanDataSource';

export type ResultMap = Record<string, unknown>;

/** One request's execution of a plan: where fetches go, what they merged, what failed. */
export interface ExecutionState {
  serviceMap: Record<string, PlanDataSource>;
  requestContext: GatewayGraphQLRequestContext;
  operation: Operation;
  supergraphSchema: GraphQLSchema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
}

/** Where a plan node reads and writes: the entities at `path` of the merged result. */
export interface Cursor {
  path: ResponsePath;
  data: unknown;
  fullResult: ResultMap;
}

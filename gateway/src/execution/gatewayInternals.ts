import type { ApolloGateway } from '@apollo/gateway';
import type { Schema } from '@apollo/federation-internals';
import type { QueryPlanner } from '@apollo/query-planner';
import type { GraphQLSchema } from 'graphql';

/** What the plan executor needs of ApolloGateway once it has loaded the supergraph. */
export interface GatewayInternals {
  /** The API schema clients are validated against (with Apollo's extensions). */
  schema: GraphQLSchema;
  apiSchema: Schema;
  supergraphSchema: GraphQLSchema;
  queryPlanner: QueryPlanner;
  planOptions: { recursiveSelectionsLimitDisabled: boolean; nonLocalSelectionsLimitDisabled: boolean };
}

/**
 * ApolloGateway keeps its planner and schemas private; @apollo/gateway is pinned (2.14.4), so
 * reading them is checked here once, after load, instead of building a second planner (memory).
 */
export function gatewayInternals(gateway: ApolloGateway): GatewayInternals {
  const inside = gateway as unknown as Partial<GatewayInternals> & { recursiveSelectionsLimitDisabled?: boolean; nonLocalSelectionsLimitDisabled?: boolean };
  const { schema, apiSchema, supergraphSchema, queryPlanner } = inside;
  if (!schema || !apiSchema || !supergraphSchema || !queryPlanner) throw new Error('ApolloGateway has not loaded a supergraph (or its internals changed)');
  return {
    schema,
    apiSchema,
    supergraphSchema,
    queryPlanner,
    planOptions: {
      recursiveSelectionsLimitDisabled: !!inside.recursiveSelectionsLimitDisabled,
      nonLocalSelectionsLimitDisabled: !!inside.nonLocalSelectionsLimitDisabled,
    },
  };
}

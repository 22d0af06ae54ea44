import { buildOperationContext } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { OperationContext } from '@apollo/gateway/dist/operationContext';
import { operationFromDocument, type Operation } from '@apollo/federation-internals';
import type { QueryPlan } from '@apollo/query-planner';
import { GraphQLError, Kind } from 'graphql';
import { compileShaper, type Shaper } from './compileShaper';
import type { GatewayInternals } from './gatewayInternals';
import { isLeanPlan } from './isLeanPlan';
import { selectsIntrospection } from './selectsIntrospection';

/** Everything about one operation that does not depend on a request's variables or caller. */
export type PreparedOperation =
  | { kind: 'lean'; operationContext: OperationContext; plan: QueryPlan; operation: Operation; shape: Shaper }
  /** @defer, introspection, contextual arguments: Apollo's executor runs these. */
  | { kind: 'apollo' }
  /** The operation cannot be executed (executeQueryPlan would answer with this error). */
  | { kind: 'failed'; error: GraphQLError };

/**
 * Plans the operation with ApolloGateway's planner, exactly as its executor does, and builds
 * the Operation that shapes the result, which executeQueryPlan would rebuild on every request.
 */
export function prepareOperation(internals: GatewayInternals, requestContext: GatewayGraphQLRequestContext): PreparedOperation {
  const { document, request } = requestContext;
  const operationName = request.operationName ?? undefined;
  const operationContext = buildOperationContext({ schema: internals.schema, operationDocument: document, operationName });
  if (selectsIntrospection(operationContext)) return { kind: 'apollo' };
  const plan = internals.queryPlanner.buildQueryPlan(operationFromDocument(internals.apiSchema, document, { operationName }), internals.planOptions);
  if (!isLeanPlan(plan)) return { kind: 'apollo' };
  try {
    const operation = operationFromDocument(
      internals.apiSchema,
      { kind: Kind.DOCUMENT, definitions: [operationContext.operation, ...Object.values(operationContext.fragments)] },
      { validate: false },
    );
    let shape: Shaper;
    try {
      shape = compileShaper(operation);
    } catch {
      return { kind: 'apollo' }; // nothing compileShaper knows how to shape: computeResponse does it
    }
    return { kind: 'lean', operationContext, plan, operation, shape };
  } catch (error) {
    if (error instanceof GraphQLError) return { kind: 'failed', error };
    throw error;
  }
}

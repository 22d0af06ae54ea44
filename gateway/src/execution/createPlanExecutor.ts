import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { computeResponse } from '@apollo/gateway/dist/resultShaping';
import { getVariableValues } from 'graphql/execution/values';
import type { GraphQLError } from 'graphql';
import type { ExecutionState, ResultMap } from './ExecutionState';
import { executePlan } from './executePlan';
import type { GatewayInternals } from './gatewayInternals';
import type { PlanDataSource } from './PlanDataSource';
import { prepareOperation, type PreparedOperation } from './prepareOperation';

const MAX_PREPARED = 1000;

export interface PlanExecutorOptions {
  internals: () => GatewayInternals;
  serviceMap: () => Record<string, PlanDataSource>;
  /** ApolloGateway's own executor, for what this one does not run (see PreparedOperation). */
  fallback: GatewayExecutor;
}

/**
 * ApolloGateway's executor with its per-request work done once per operation instead: the plan
 * and the result-shaping Operation are kept per query hash and operation name (ApolloGateway
 * rebuilds the Operation on every request), and fetches go through ForwardingDataSource.send.
 * Usage-reporting traces, the query-plan debug header, @defer and introspection fall back.
 */
export function createPlanExecutor(options: PlanExecutorOptions) {
  const prepared = new Map<string, PreparedOperation>();
  const prepare = (requestContext: GatewayGraphQLRequestContext): PreparedOperation => {
    const name = requestContext.request.operationName;
    const key = name ? `${name}\n${requestContext.queryHash}` : requestContext.queryHash;
    let entry = prepared.get(key);
    if (!entry) {
      entry = prepareOperation(options.internals(), requestContext);
      if (prepared.size >= MAX_PREPARED) prepared.delete(prepared.keys().next().value as string);
      prepared.set(key, entry);
    }
    return entry;
  };

  const executor: GatewayExecutor = async (requestContext) => {
    const entry = prepare(requestContext);
    if (entry.kind === 'failed') return { errors: [entry.error] };
    if (entry.kind === 'apollo' || requestContext.metrics.captureTraces || wantsQueryPlan(requestContext)) return options.fallback(requestContext);
    const internals = options.internals();
    const variables = requestContext.request.variables ?? {};
    const definitions = entry.operationContext.operation.variableDefinitions;
    if (definitions) {
      const { errors } = getVariableValues(internals.schema, definitions, variables);
      if (errors?.length) return { errors };
    }
    const state: ExecutionState = {
      serviceMap: options.serviceMap(),
      requestContext,
      operation: entry.operation,
      supergraphSchema: internals.supergraphSchema,
      variables,
      errors: [],
    };
    const merged: ResultMap = Object.create(null);
    if (entry.plan.node) await executePlan(state, entry.plan.node as never, { path: [], data: merged, fullResult: merged });
    return shape(entry.operation, variables, merged, state.errors);
  };
  return { executor, clear: () => prepared.clear() };
}

function shape(operation: Parameters<typeof computeResponse>[0]['operation'], variables: Record<string, unknown>, input: ResultMap, errors: GraphQLError[]) {
  let data;
  let completion: GraphQLError[];
  try {
    ({ data, errors: completion } = computeResponse({
      operation,
      variables,
      input,
      introspectionHandling: () => {
        throw new Error('introspection is executed by ApolloGateway');
      },
    }));
  } catch (error) {
    return { errors: [error as GraphQLError] };
  }
  if (errors.length === 0 && completion.length > 0) return { extensions: { valueCompletion: completion }, data };
  return errors.length === 0 ? { data } : { errors, data };
}

/** ApolloGateway prints the plan into the response for this header outside production. */
function wantsQueryPlan(requestContext: GatewayGraphQLRequestContext): boolean {
  return !!requestContext.request.http?.headers.get('Apollo-Query-Plan-Experimental');
}

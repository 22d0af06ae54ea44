import type { GatewayExecutionResult, GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { getVariableValues } from 'graphql/execution/values';
import type { GatewayContext } from '../auth/GatewayContext';
import { createInFlightDeduplicator } from '../datasources/createInFlightDeduplicator';
import type { ExecutionState, ResultMap } from './ExecutionState';
import { executePlan } from './executePlan';
import type { GatewayInternals } from './gatewayInternals';
import { operationShareKey } from './operationShareKey';
import type { PlanDataSource } from './PlanDataSource';
import { prepareOperation, type PreparedOperation } from './prepareOperation';
import { shapeResult } from './shapeResult';

const MAX_PREPARED = 1000;

export interface PlanExecutorOptions {
  internals: () => GatewayInternals;
  serviceMap: () => Record<string, PlanDataSource>;
  /** ApolloGateway's own executor, for what this one does not run (see PreparedOperation). */
  fallback: GatewayExecutor;
  /** Identical queries in flight at once (operationShareKey) run once (limits.dedupeFetches). */
  dedupe: boolean;
  /** Called per subgraph fetch a request got from an identical request's execution. */
  onDeduplicated?: (subgraph: string) => void;
}

type Lean = Extract<PreparedOperation, { kind: 'lean' }>;
type Execution = { result: GatewayExecutionResult; state: ExecutionState };

/**
 * ApolloGateway's executor with its per-request work done once per operation instead: the plan
 * and the result-shaping Operation are kept per query hash and operation name (ApolloGateway
 * rebuilds the Operation on every request), and fetches go through ForwardingDataSource.send.
 * A query identical to one in flight (same operation, variables and forwarded credentials)
 * shares its execution, as each of its fetches would share the other's; never a mutation.
 * Usage-reporting traces, the query-plan debug header, @defer and introspection fall back.
 */
export function createPlanExecutor(options: PlanExecutorOptions) {
  const prepared = new Map<string, PreparedOperation>();
  const share = createInFlightDeduplicator<Execution>();

  const executor: GatewayExecutor = async (requestContext) => {
    const name = requestContext.request.operationName;
    const key = name ? `${name}\n${requestContext.queryHash}` : requestContext.queryHash;
    let entry = prepared.get(key);
    if (!entry) {
      entry = prepareOperation(options.internals(), requestContext);
      if (prepared.size >= MAX_PREPARED) prepared.delete(prepared.keys().next().value as string);
      prepared.set(key, entry);
    }
    if (entry.kind === 'failed') return { errors: [entry.error] };
    if (entry.kind === 'apollo' || requestContext.metrics.captureTraces || wantsQueryPlan(requestContext)) return options.fallback(requestContext);
    const variables = requestContext.request.variables ?? {};
    const definitions = entry.operationContext.operation.variableDefinitions;
    if (definitions) {
      const { errors } = getVariableValues(options.internals().schema, definitions, variables);
      if (errors?.length) return { errors };
    }
    const lean = entry;
    const run = () => execute(lean, requestContext, variables);
    if (!options.dedupe || lean.operationContext.operation.operation !== 'query') return adopt(await run(), requestContext);
    const { result, shared } = share(operationShareKey(key, variables, requestContext.context as GatewayContext), run);
    const execution = await result;
    if (shared) for (const subgraph of execution.state.fetched) options.onDeduplicated?.(subgraph);
    return adopt(execution, requestContext);
  };

  const execute = async (entry: Lean, requestContext: GatewayGraphQLRequestContext, variables: Record<string, unknown>): Promise<Execution> => {
    const internals = options.internals();
    const state: ExecutionState = {
      serviceMap: options.serviceMap(),
      requestContext,
      operation: entry.operation,
      supergraphSchema: internals.supergraphSchema,
      variables,
      errors: [],
      cacheHints: [],
      nonFtv1ErrorPaths: [],
      fetched: [],
    };
    const merged: ResultMap = Object.create(null);
    if (entry.plan.node) await executePlan(state, entry.plan.node as never, { path: [], data: merged, fullResult: merged });
    return { result: shapeResult(entry.shape, variables, merged, state.errors), state };
  };
  return { executor, clear: () => prepared.clear() };
}

/** What each request records of an execution, shared or its own; the result object is its own too. */
function adopt({ result, state }: Execution, requestContext: GatewayGraphQLRequestContext): GatewayExecutionResult {
  const policy = requestContext.overallCachePolicy as { restrict?(hint: unknown): void } | undefined;
  if (policy?.restrict) for (const hint of state.cacheHints) policy.restrict(hint);
  if (state.nonFtv1ErrorPaths.length) {
    const metrics = requestContext.metrics;
    metrics.nonFtv1ErrorPaths = [...(metrics.nonFtv1ErrorPaths ?? []), ...state.nonFtv1ErrorPaths];
  }
  return { ...result };
}

/** ApolloGateway prints the plan into the response for this header outside production. */
function wantsQueryPlan(requestContext: GatewayGraphQLRequestContext): boolean {
  return !!requestContext.request.http?.headers.get('Apollo-Query-Plan-Experimental');
}

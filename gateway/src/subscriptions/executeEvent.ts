import { executeQueryPlan, type buildOperationContext, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { FetchNode, QueryPlan, SubscriptionNode } from '@apollo/query-planner';
import { isAbstractType, parse, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../auth/GatewayContext';
import { errors } from '../errors/errors';
import { executePlan } from '../execution/executePlan';
import type { ExecutionState, ResultMap } from '../execution/ExecutionState';
import type { PlanDataSource } from '../execution/PlanDataSource';
import { shapeResult } from '../execution/shapeResult';
import { projectOperation } from './projectSelection';
import type { SubscriptionPlanner } from './SubscriptionPlanner';

const PRIMARY = '__subscription_event__';

type OperationContext = ReturnType<typeof buildOperationContext>;
type RequestContext = Parameters<typeof executeQueryPlan>[2];

export interface EventExecution {
  planner: SubscriptionPlanner;
  plan: SubscriptionNode;
  operationContext: OperationContext;
  serviceMap: ServiceMap;
  context: GatewayContext;
  query: string;
  variables: Record<string, unknown>;
  fieldName: string;
}

/**
 * Resolves one event for one subscriber: the primary fetch is answered locally with the event's
 * primary result, then the plan's `rest` runs against the subgraphs with the subscriber's token.
 * Neither executor can be seeded with data, hence the synthetic Sequence. The gateway's own plan
 * executor (as for HTTP queries, docs/adr/0011) runs it when it handles every node; else
 * executeQueryPlan does.
 */
export async function executeEvent(execution: EventExecution, primaryResult: unknown): Promise<ExecutionResult> {
  const { planner, plan } = execution;
  const primary: FetchNode = { ...plan.primary, serviceName: PRIMARY };
  const queryPlan: QueryPlan = {
    kind: 'QueryPlan',
    node: plan.rest ? { kind: 'Sequence', nodes: [primary, plan.rest] } : primary,
  };
  const serviceMap: ServiceMap = {
    ...execution.serviceMap,
    [PRIMARY]: eventDataSource(planner.supergraphSchema, { [execution.fieldName]: primaryResult }),
  };
  const lean = planner.leanOf(plan);
  const result = lean
    ? await executeLean(execution, queryPlan, serviceMap, lean)
    : await executeQueryPlan(queryPlan, serviceMap, requestContext(execution), execution.operationContext, planner.supergraphSchema, planner.apiSchema);
  // A payload that does not fit the selection silently becomes null with only this hint.
  const valueCompletion = result.extensions?.valueCompletion as { message: string }[] | undefined;
  if (!result.errors?.length && valueCompletion?.length) {
    return { data: result.data, errors: valueCompletion.map((e) => errors.invalidEvent(e.message)) } as ExecutionResult;
  }
  return { data: result.data, errors: result.errors } as ExecutionResult;
}

async function executeLean(
  execution: EventExecution,
  queryPlan: QueryPlan,
  serviceMap: ServiceMap,
  lean: NonNullable<ReturnType<SubscriptionPlanner['leanOf']>>,
): Promise<{ data?: unknown; errors?: readonly GraphQLError[]; extensions?: Record<string, unknown> }> {
  const state: ExecutionState = {
    serviceMap: serviceMap as Record<string, PlanDataSource>,
    requestContext: requestContext(execution) as never,
    operation: lean.operation,
    supergraphSchema: execution.planner.supergraphSchema,
    variables: execution.variables,
    errors: [],
    cacheHints: [],
    nonFtv1ErrorPaths: [],
    fetched: [],
  };
  const merged: ResultMap = Object.create(null);
  await executePlan(state, queryPlan.node as never, { path: [], data: merged, fullResult: merged });
  return shapeResult(lean.shape, execution.variables, merged, state.errors);
}

function eventDataSource(schema: GraphQLSchema, root: Record<string, unknown>): GraphQLDataSource {
  const matches = (condition: string, typename: unknown) => {
    if (condition === typename) return true;
    const abstract = schema.getType(condition);
    const concrete = typeof typename === 'string' ? schema.getType(typename) : undefined;
    return !!abstract && !!concrete && isAbstractType(abstract) && 'getInterfaces' in concrete &&
      schema.isSubType(abstract, concrete as Parameters<GraphQLSchema['isSubType']>[1]);
  };
  return {
    async process({ request, ...options }) {
      const document = ('document' in options && options.document) || parse(request.query ?? '');
      return { data: projectOperation(document, root, matches) };
    },
  };
}

function requestContext(execution: EventExecution): RequestContext {
  // Only these members are read by executeQueryPlan; metrics must be an object (it records error paths).
  return {
    request: { query: execution.query, variables: execution.variables },
    context: execution.context,
    metrics: {},
    logger: console,
    operation: execution.operationContext.operation,
    document: { kind: 'Document', definitions: [execution.operationContext.operation] },
  } as unknown as RequestContext;
}

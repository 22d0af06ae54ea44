import { operationFromDocument, Supergraph, type Operation, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type SubscriptionNode } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { compileShaper, type Shaper } from '../execution/compileShaper';
import { isLeanPlan } from '../execution/isLeanPlan';

/** What the gateway's own plan executor needs to run a plan's `rest` and shape the result. */
export interface LeanSubscription {
  operation: Operation;
  shape: Shaper;
}

const MAX_CACHED_PLANS = 1000;

/**
 * The gateway's own planner over the same supergraph: ApolloGateway keeps its planner private
 * and refuses to execute subscriptions, so subscriptions are planned here and executed per event.
 */
export class SubscriptionPlanner {
  readonly apiSchema: Schema;
  readonly supergraphSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly plans = new Map<string, SubscriptionNode>();
  private readonly lean = new WeakMap<SubscriptionNode, LeanSubscription>();

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.apiSchema = supergraph.apiSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  /** Plans are cached per query text + operation name (planning is ~10x slower cold than warm). */
  plan(cacheKey: string, document: DocumentNode, operationName?: string | null): SubscriptionNode {
    const key = `${operationName ?? ''}\n${cacheKey}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const operation = operationFromDocument(this.apiSchema, document, { operationName: operationName ?? undefined });
    const plan = this.planner.buildQueryPlan(operation);
    if (plan.node?.kind !== 'Subscription') throw new Error('Expected a subscription plan');
    if (this.plans.size >= MAX_CACHED_PLANS) this.plans.delete(this.plans.keys().next().value as string);
    this.plans.set(key, plan.node);
    this.prepareLean(plan.node, operation);
    return plan.node;
  }

  /** The plan's operation and compiled shaper when the gateway's executor runs its `rest`; else undefined (executeQueryPlan does). */
  leanOf(plan: SubscriptionNode): LeanSubscription | undefined {
    return this.lean.get(plan);
  }

  private prepareLean(plan: SubscriptionNode, operation: Operation): void {
    if (plan.rest && !isLeanPlan({ kind: 'QueryPlan', node: plan.rest })) return;
    try {
      this.lean.set(plan, { operation, shape: compileShaper(operation) });
    } catch {
      // a selection the compiled shaper does not know: executeQueryPlan shapes it
    }
  }
}

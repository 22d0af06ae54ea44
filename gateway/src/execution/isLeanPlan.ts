import type { PlanNode, QueryPlan, SubscriptionNode } from '@apollo/query-planner';

/**
 * Whether executePlan handles every node of the plan: Sequence, Parallel, Flatten, Condition and
 * Fetch (without contextual-argument rewrites). @defer and subscriptions go to Apollo's executor.
 */
export function isLeanPlan(plan: QueryPlan): boolean {
  return !plan.node || isLeanNode(plan.node);
}

function isLeanNode(node: PlanNode | SubscriptionNode): boolean {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every(isLeanNode);
    case 'Flatten':
      return isLeanNode(node.node);
    case 'Condition':
      return (!node.ifClause || isLeanNode(node.ifClause)) && (!node.elseClause || isLeanNode(node.elseClause));
    case 'Fetch':
      return !node.contextRewrites?.length && !node.hasDefers;
    default:
      return false;
  }
}

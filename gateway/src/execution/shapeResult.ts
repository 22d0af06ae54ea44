import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import type { GraphQLError } from 'graphql';
import type { Shaper } from './compileShaper';
import type { ResultMap } from './ExecutionState';

/**
 * The client's answer from the merged subgraph data, as executeQueryPlan's post-processing
 * builds it: the operation's selections in order, null bubbling up to the nearest nullable
 * field; completion errors are reported (as extensions.valueCompletion) only when no fetch failed.
 */
export function shapeResult(shape: Shaper, variables: Record<string, unknown>, input: ResultMap, errors: GraphQLError[]): GatewayExecutionResult {
  let data;
  let completion: GraphQLError[];
  try {
    ({ data, errors: completion } = shape(input, variables));
  } catch (error) {
    return { errors: [error as GraphQLError] };
  }
  if (errors.length === 0 && completion.length > 0) return { extensions: { valueCompletion: completion }, data };
  return errors.length === 0 ? { data } : { errors, data };
}

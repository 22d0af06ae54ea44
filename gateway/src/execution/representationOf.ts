import { isObjectOfType } from '@apollo/gateway/dist/dataRewrites';
import { deepMerge } from '@apollo/gateway/dist/utilities/deepMerge';
import { getResponseName, type QueryPlanSelectionNode } from '@apollo/query-planner';
import type { GraphQLSchema } from 'graphql';
import type { ResultMap } from './ExecutionState';

/**
 * The part of an entity a fetch `requires` (its key and required fields), as executeQueryPlan
 * selects it; null when a required field is missing, so the entity is not sent.
 */
export function representationOf(schema: GraphQLSchema, source: unknown, selections: readonly QueryPlanSelectionNode[]): ResultMap | null {
  if (source === null) return null;
  const object = source as ResultMap;
  const result: ResultMap = Object.create(null);
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const name = getResponseName(selection);
      const value = Object.prototype.hasOwnProperty.call(object, name) ? object[name] : undefined;
      if (value === undefined) return null;
      const nested = selection.selections;
      if (Array.isArray(value)) result[name] = value.map((item) => (nested ? representationOf(schema, item, nested) : item));
      else result[name] = nested ? representationOf(schema, value, nested) : value;
    } else if (selection.typeCondition && isObjectOfType(schema, object, selection.typeCondition)) {
      deepMerge(result, representationOf(schema, object, selection.selections));
    }
  }
  return result;
}

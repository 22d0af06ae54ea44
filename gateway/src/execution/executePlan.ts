import { evaluateCondition, type PlanNode, type ResponsePath } from '@apollo/query-planner';
import type { GraphQLError } from 'graphql';
import { executeFetch } from './executeFetch';
import type { Cursor, ExecutionState } from './ExecutionState';

/**
 * Runs a plan node as executeQueryPlan does (Sequence in order, Parallel at once, Flatten into
 * the entities at its path, Condition on a variable), minus the usage-reporting trace and
 * OpenTelemetry spans it builds per node. A failed fetch is an error of the request; the rest
 * of the plan goes on. Only nodes isLeanPlan accepted reach here.
 */
export async function executePlan(state: ExecutionState, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executePlan(state, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executePlan(state, child, cursor)));
      return;
    case 'Flatten':
      return executePlan(state, node.node, moveIntoCursor(cursor, node.path));
    case 'Fetch':
      try {
        await executeFetch(state, node, cursor);
      } catch (error) {
        state.errors.push(error as GraphQLError);
      }
      return;
    case 'Condition': {
      const branch = evaluateCondition(node, state.operation.variableDefinitions, state.variables) ? node.ifClause : node.elseClause;
      if (branch) await executePlan(state, branch, cursor);
      return;
    }
    default:
      throw new Error(`Plan node ${node.kind} is not executed here`);
  }
}

function moveIntoCursor(cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const data = flattenAt(cursor.data, path);
  return data ? { path: cursor.path.concat(path), data, fullResult: cursor.fullResult } : undefined;
}

/** executeQueryPlan's flattenResultsAtPath: the values at `path`, one list across every `@`. */
function flattenAt(value: unknown, path: ResponsePath): unknown {
  if (!path.includes('@')) {
    let current = value;
    for (const step of path) current = step_(current, step);
    return current;
  }
  const found: unknown[] = [];
  const collect = (current: unknown, index: number): void => {
    if (index === path.length) {
      if (Array.isArray(current)) found.push(...current);
      else found.push(current);
      return;
    }
    if (current === undefined || current === null) return;
    if (path[index] === '@') for (const element of current as unknown[]) collect(element, index + 1);
    else collect(step_(current, path[index]), index + 1);
  };
  collect(value, 0);
  return found;
}

function step_(value: unknown, step: string | number): unknown {
  if (value === undefined || value === null) return value;
  if (typeof step !== 'string' || Array.isArray(value)) throw new Error(`Unexpected ${Array.isArray(value) ? 'array' : typeof step} at path element ${step}`);
  const object = value as Record<string, unknown>;
  return Object.prototype.hasOwnProperty.call(object, step) ? object[step] : undefined;
}

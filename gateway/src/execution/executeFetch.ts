import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { applyRewrites } from '@apollo/gateway/dist/dataRewrites';
import { generateHydratedPaths } from '@apollo/gateway/dist/executeQueryPlan';
import { deepMerge } from '@apollo/gateway/dist/utilities/deepMerge';
import type { FetchNode, ResponsePath } from '@apollo/query-planner';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../auth/GatewayContext';
import type { SubgraphResponse } from '../datasources/ForwardingDataSource';
import { downstreamServiceError } from './downstreamServiceError';
import type { Cursor, ExecutionState, ResultMap } from './ExecutionState';
import { representationOf } from './representationOf';

/**
 * One Fetch node, as executeQueryPlan runs it: the entities at the cursor go to the subgraph as
 * `representations` (when the fetch `requires` them), its answer is rewritten and deep-merged
 * into them, and its errors are kept with their paths in the client's response.
 */
export async function executeFetch(state: ExecutionState, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = state.serviceMap[fetch.serviceName];
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities = (Array.isArray(cursor.data) ? cursor.data.filter((entity) => entity != null) : [cursor.data]) as ResultMap[];
  if (entities.length < 1) return;
  const variables: Record<string, unknown> = Object.create(null);
  for (const name of fetch.variableUsages ?? []) {
    if (Object.prototype.hasOwnProperty.call(state.variables, name) && state.variables[name] !== undefined) variables[name] = state.variables[name];
  }
  if (!fetch.requires) {
    const data = await send(state, fetch, cursor, variables);
    if (data) applyRewrites(state.supergraphSchema, fetch.outputRewrites, data);
    for (const entity of entities) deepMerge(entity, data);
    return;
  }
  const representations: ResultMap[] = [];
  const targets: ResultMap[] = [];
  for (const entity of entities) {
    const representation = representationOf(state.supergraphSchema, entity, fetch.requires);
    if (representation?.__typename) {
      applyRewrites(state.supergraphSchema, fetch.inputRewrites, representation);
      representations.push(representation);
      targets.push(entity);
    }
  }
  if (representations.length < 1) return;
  if ('representations' in variables) throw new Error(`Variables cannot contain key "representations"`);
  const data = await send(state, fetch, cursor, { ...variables, representations });
  if (!data) return;
  const received = data._entities;
  if (!Array.isArray(received)) throw new Error(`Expected "data._entities" in response to be an array`);
  if (received.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  received.forEach((entity: ResultMap | null, index) => {
    if (entity && !entity.__typename) entity.__typename = targets[index].__typename;
    applyRewrites(state.supergraphSchema, fetch.outputRewrites, entity as ResultMap);
    deepMerge(targets[index], entity);
  });
}

async function send(state: ExecutionState, fetch: FetchNode, cursor: Cursor, variables: Record<string, unknown>): Promise<ResultMap | null | undefined> {
  const service = state.serviceMap[fetch.serviceName];
  const { requestContext } = state;
  const context = requestContext.context as GatewayContext;
  const request = { query: fetch.operation, variables, operationName: fetch.operationName };
  state.fetched.push(fetch.serviceName);
  const response: SubgraphResponse = service.send
    ? await service.send(request, context, { restrict: (hint) => state.cacheHints.push(hint) })
    : await service.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request,
      incomingRequestContext: requestContext,
      context,
      document: fetch.operationDocumentNode,
      pathInIncomingRequest: cursor.path,
    } as never);
  if (response.errors) {
    const pathOf = errorPaths(fetch, cursor);
    state.errors.push(...response.errors.map((error) => downstreamServiceError(error, fetch.serviceName, pathOf)));
    if (!response.extensions?.ftv1) state.nonFtv1ErrorPaths.push(...response.errors.map((error) => ({ subgraph: fetch.serviceName, path: error.path })));
  }
  return response.data;
}

/** A subgraph error's path in the client's response: `_entities.<i>` becomes the i-th entity's path. */
function errorPaths(fetch: FetchNode, cursor: Cursor) {
  let hydrated: ResponsePath[] | undefined;
  return (path: GraphQLFormattedError['path']): ResponsePath | undefined => {
    if (fetch.requires && typeof path?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        generateHydratedPaths([], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[path[1]] ?? []), ...path.slice(2)];
    }
    return path ? [...cursor.path, ...path] : undefined;
  };
}

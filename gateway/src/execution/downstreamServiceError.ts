import { ERRORS, errorCodeDef } from '@apollo/federation-internals';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * A subgraph's error as executeQueryPlan reports it (not exported there): its message, its path
 * in the client's response, its extensions (code included) plus the subgraph's name.
 */
export function downstreamServiceError(
  original: GraphQLFormattedError,
  serviceName: string,
  pathOf: (path: GraphQLFormattedError['path']) => readonly (string | number)[] | undefined,
): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const options = {
    originalError: original as Error,
    path: pathOf(original.path),
    extensions: { ...original.extensions, serviceName },
  };
  const codeDef = errorCodeDef(original);
  if (!codeDef && original.extensions?.code) return new GraphQLError(message, options);
  return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}

import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError } from './DomainError';

/**
 * Maps every error leaving a subgraph to a GraphQL error with a stable `extensions.code`:
 * domain errors keep their code, type-graphql input validation becomes BAD_USER_INPUT with
 * the offending field, and anything unexpected becomes INTERNAL_SERVER_ERROR without internals.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError ?? error : error;
  if (original instanceof DomainError) {
    return { ...formatted, message: original.message, extensions: { ...original.details, code: original.code } };
  }
  if (original instanceof ArgumentValidationError) {
    const first = original.extensions.validationErrors?.[0];
    const field = first?.property;
    const message = first?.constraints ? Object.values(first.constraints)[0] : original.message;
    return { ...formatted, message: `Invalid input${field ? ` for ${field}` : ''}: ${message}`, extensions: { code: 'BAD_USER_INPUT', field } };
  }
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

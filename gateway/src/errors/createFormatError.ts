import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import { correlationScope } from './correlationScope';
import { maskError, type ErrorLog } from './maskError';

/**
 * Apollo Server's formatError: clients get codes they can act on, never internal URLs, stacks or
 * upstream bodies; the correlation id is the request's (x-correlation-id) when there is one.
 */
export function createFormatError(log: ErrorLog) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError =>
    maskError(formatted, correlationScope.getStore()?.correlationId ?? randomUUID(), log);
}

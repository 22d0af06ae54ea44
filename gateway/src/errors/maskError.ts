import type { GraphQLFormattedError } from 'graphql';
import { errors } from './errors';

/** Codes that mean "something broke", whose message and details are for the logs only. */
const UNEXPECTED = new Set(['INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);
/** Extensions that carry internal detail (upstream URL and body, stack, subgraph name). */
const INTERNAL_EXTENSIONS = ['response', 'exception', 'stacktrace', 'serviceName', 'http'];

export type ErrorLog = (details: Record<string, unknown>, message: string) => void;

/**
 * Keeps an error the client can act on (its code, message, path and safe extensions such as
 * `field` or `retryAfter`), turns anything else into INTERNAL_SERVER_ERROR with the correlation
 * id, and logs what was hidden under that id.
 */
export function maskError(error: GraphQLFormattedError, correlationId: string, log: ErrorLog): GraphQLFormattedError {
  const code = error.extensions?.code;
  if (code === 'INTERNAL_SERVER_ERROR' && error.extensions?.correlationId) return error; // already masked
  if (typeof code !== 'string' || UNEXPECTED.has(code)) {
    log({ correlationId, error }, 'unexpected error hidden from the client');
    const masked = errors.masked(correlationId);
    return { message: masked.message, ...(error.path ? { path: error.path } : {}), extensions: masked.extensions };
  }
  const extensions = { ...error.extensions };
  for (const key of INTERNAL_EXTENSIONS) delete extensions[key];
  return { ...error, extensions };
}

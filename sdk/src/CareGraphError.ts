import type { GraphQLFormattedError } from 'graphql';

/** The codes of failures below GraphQL, which carry no `extensions.code` of their own. */
export type TransportErrorCode = 'NETWORK_ERROR' | 'HTTP_ERROR' | 'BAD_RESPONSE' | 'SOCKET_CLOSED' | 'WEBSOCKET_UNAVAILABLE';

interface ErrorDetails {
  errors?: readonly GraphQLFormattedError[];
  status?: number;
  cause?: unknown;
}

/**
 * Every failure the SDK reports. `code` is the first GraphQL error's `extensions.code`
 * (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, RATE_LIMITED, …) for an answer with
 * errors, or a {@link TransportErrorCode} for the subclasses below.
 */
export class CareGraphError extends Error {
  override name = 'CareGraphError';
  /** The GraphQL errors as CareGraph returned them (empty for network, HTTP and socket failures). */
  readonly errors: readonly GraphQLFormattedError[];
  /** The HTTP status, when the failure came over HTTP. */
  readonly status?: number;

  constructor(
    message: string,
    readonly code: string,
    details: ErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.errors = details.errors ?? [];
    if (details.status !== undefined) this.status = details.status;
  }

  /** An answer's GraphQL errors; the code is the first one's `extensions.code` (GRAPHQL_ERROR without one). */
  static fromErrors(errors: readonly GraphQLFormattedError[], status?: number): CareGraphError {
    const code = errors[0]?.extensions?.code;
    return new CareGraphError(errors.map((error) => error.message).join('; '), typeof code === 'string' ? code : 'GRAPHQL_ERROR', { errors, status });
  }
}

/** NETWORK_ERROR: the request never got an answer (refused, reset, DNS, aborted). `cause` has the reason. */
export class CareGraphNetworkError extends CareGraphError {
  override name = 'CareGraphNetworkError';
  constructor(message: string, cause: unknown) {
    super(message, 'NETWORK_ERROR', { cause });
  }
}

/** HTTP_ERROR: a non-2xx answer without GraphQL errors; BAD_RESPONSE: an answer that is not a GraphQL response. */
export class CareGraphHttpError extends CareGraphError {
  override name = 'CareGraphHttpError';
  constructor(message: string, code: 'HTTP_ERROR' | 'BAD_RESPONSE', status: number) {
    super(message, code, { status });
  }
}

/**
 * SOCKET_CLOSED: the websocket closed for good (retries used up, or a close code that is not
 * retried, e.g. 4400 or 4403 twice in a row); WEBSOCKET_UNAVAILABLE: no WebSocket implementation.
 */
export class CareGraphSocketError extends CareGraphError {
  override name = 'CareGraphSocketError';
  constructor(
    message: string,
    code: 'SOCKET_CLOSED' | 'WEBSOCKET_UNAVAILABLE',
    /** The websocket close code, e.g. 1006 (connection lost) or 4403 (token refused). */
    readonly closeCode?: number,
  ) {
    super(message, code);
  }
}

/** Any failure a socket or a graphql-ws sink reports, as a CareGraphError. */
export function toCareGraphError(failure: unknown): CareGraphError {
  if (failure instanceof CareGraphError) return failure;
  if (Array.isArray(failure)) return CareGraphError.fromErrors(failure as GraphQLFormattedError[]);
  if (typeof failure === 'object' && failure !== null && typeof (failure as { code?: unknown }).code === 'number') {
    const { code, reason } = failure as { code: number; reason?: string };
    return new CareGraphSocketError(`WebSocket closed (${code}${reason ? `: ${reason}` : ''})`, 'SOCKET_CLOSED', code);
  }
  // An Error, or a WebSocket error event (ws gives it a message; browsers give none).
  const message = typeof (failure as { message?: unknown })?.message === 'string' ? (failure as { message: string }).message : String(failure);
  return new CareGraphSocketError(`WebSocket failed: ${message || 'connection error'}`, 'SOCKET_CLOSED');
}

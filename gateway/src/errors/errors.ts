import { GraphQLError } from 'graphql';

/** Every error the gateway raises itself, as named factories with a stable extensions.code. */
export const errors = {
  unauthenticated: (message = 'Invalid or missing token') =>
    new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } }),
  forbidden: (message = 'Not allowed to subscribe to this field') =>
    new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } }),
  /** Keeps a subgraph's own code (FORBIDDEN, NOT_FOUND, …) so the client sees why it was refused. */
  refused: (message: string, code: string) => new GraphQLError(message, { extensions: { code } }),
  badUserInput: (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } }),
  unknownSubscription: (field: string) =>
    new GraphQLError(`Subscription field "${field}" is not configured in this gateway`, {
      extensions: { code: 'SUBSCRIPTION_NOT_CONFIGURED' },
    }),
  schemaChanged: (field: string, problems: string[]) =>
    new GraphQLError(`The supergraph changed and this ${field} subscription no longer fits it: ${problems.join(' ')}`, {
      extensions: { code: 'SUBSCRIPTION_SCHEMA_CHANGED', problems },
    }),
  singleRootField: () =>
    new GraphQLError('A subscription operation must select exactly one root field', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    }),
  invalidEvent: (message: string) =>
    new GraphQLError(`Event could not be completed: ${message}`, { extensions: { code: 'INVALID_EVENT' } }),
  /** A resumable stream could not read missed events back; the client resumes from its last cursor. */
  replayFailed: (message: string, upstreamCode?: unknown) =>
    new GraphQLError(`Could not read missed events back (${message}); subscribe again with the last cursor you received.`, {
      extensions: { code: 'SUBSCRIPTION_REPLAY_FAILED', ...(typeof upstreamCode === 'string' ? { upstreamCode } : {}) },
    }),
  /** The live token's `exp` passed: the stream ends; reconnect with a fresh token. */
  tokenExpired: () =>
    new GraphQLError('Token expired', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } }),
  /** Too many operations from one user or address; `retryAfter` is in seconds. */
  rateLimited: (retryAfterSeconds: number) =>
    new GraphQLError('Too many requests; try again later', {
      extensions: { code: 'RATE_LIMITED', retryAfter: Math.max(1, Math.ceil(retryAfterSeconds)) },
    }),
  subscriptionLimit: (max: number) =>
    new GraphQLError(`At most ${max} subscriptions per connection`, { extensions: { code: 'SUBSCRIPTION_LIMIT' } }),
  internal: (message: string) => new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
  /** What a client sees of an unexpected failure: the details are logged under the same correlationId. */
  masked: (correlationId: string) =>
    new GraphQLError(`Internal server error (correlation id ${correlationId})`, { extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId } }),
  responseTooLarge: (maxBytes: number) =>
    new GraphQLError(`Response too large: over the limit of ${maxBytes} bytes (maxResponseBytes)`, {
      extensions: { code: 'RESPONSE_TOO_LARGE', limit: 'maxResponseBytes' },
    }),
  subgraphTimeout: (timeoutMs: number) =>
    new GraphQLError(`A subgraph did not answer within ${timeoutMs} ms (subgraphTimeoutMs)`, {
      extensions: { code: 'SUBGRAPH_TIMEOUT', limit: 'subgraphTimeoutMs' },
    }),
};

import { getOperationAST, GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../auth/GatewayContext';
import { errors } from '../errors/errors';
import { maskError, type ErrorLog } from '../errors/maskError';
import type { OperationGuard } from '../limits/createOperationGuard';
import type { RunOperation } from './RunOperation';
import type { SocketSession } from './SocketSession';
import type { SubscriptionService } from './SubscriptionService';
import type { SubscriptionStream } from './SubscriptionStream';

/** What a live transport passes as one operation's context value. */
export type LiveOperationValue = {
  context: GatewayContext;
  stream?: SubscriptionStream;
  query: string;
};

export interface LiveOperationRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export interface LiveOperationsOptions {
  schema: () => GraphQLSchema;
  subscriptions: SubscriptionService;
  run: RunOperation;
  /** The HTTP path's parse and validation (spec rules and operation limits): live transports bypass Apollo Server. */
  checkOperation: OperationGuard['check'];
  /** Where unexpected errors hidden from the client are logged. */
  onError: ErrorLog;
}

/**
 * One way to run operations for every live transport (graphql-ws and graphql-sse), so each has
 * the same checks, limits, authorisation and error masking: `prepare` parses and validates
 * against the current schema, admits the operation on the caller's session (rate limit, token
 * expiry, subscriptions per session), and opens a subscription's stream (authorised and planned
 * before any event); `execute` sends queries and mutations down the HTTP path; `subscribe` hands
 * over the opened stream; `format` masks a result's errors as HTTP does.
 */
export class LiveOperations {
  constructor(private readonly options: LiveOperationsOptions) {}

  /** The execution args (context value: LiveOperationValue), or the errors refusing the operation. */
  async prepare(session: SocketSession, request: LiveOperationRequest): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const schema = this.options.schema();
    const checked = this.options.checkOperation(schema, request.query);
    if ('errors' in checked) return checked.errors;
    const { document } = checked;
    const operationName = request.operationName ?? undefined;
    const value: LiveOperationValue = { context: session.context, query: request.query };
    const subscription = getOperationAST(document, operationName)?.operation === 'subscription';
    const refused = await session.admit(subscription);
    if (refused) return refused;
    if (subscription) {
      const opened = await this.options.subscriptions
        .open({ query: request.query, operationName, variables: request.variables ?? undefined, document, context: session.context })
        .catch((error: Error) => [errors.internal(error.message)]);
      session.opened(Array.isArray(opened) ? undefined : opened);
      if (Array.isArray(opened)) return opened;
      value.stream = opened as SubscriptionStream;
    }
    return { schema, document, operationName, variableValues: request.variables ?? undefined, contextValue: value };
  }

  execute = (args: ExecutionArgs): Promise<ExecutionResult> => {
    const value = args.contextValue as LiveOperationValue;
    return this.options.run(value.query, (args.variableValues ?? {}) as Record<string, unknown>, value.context);
  };

  subscribe = (args: ExecutionArgs): SubscriptionStream => (args.contextValue as LiveOperationValue).stream!;

  /** The result with its errors masked as on HTTP; unchanged when it has none. */
  format(result: ExecutionResult, correlationId: string): ExecutionResult {
    if (!result.errors?.length) return result;
    return { ...result, errors: result.errors.map((error) => maskError(error.toJSON?.() ?? error, correlationId, this.options.onError)) as unknown as GraphQLError[] };
  }

  /**
   * A result carrying only the refusals, masked, for transports that send refusals as a result
   * (`data: null` included: graphql-sse takes an object without `data` for execution args).
   */
  refusal(refusals: readonly GraphQLError[], correlationId: string): ExecutionResult {
    return { data: null, errors: this.maskAll(refusals, correlationId) as unknown as GraphQLError[] };
  }

  /** Errors refusing an operation, masked as on HTTP. */
  maskAll(refusals: readonly GraphQLError[], correlationId: string) {
    return refusals.map((error) => maskError(error.toJSON?.() ?? error, correlationId, this.options.onError));
  }
}

export const uninitialised = () => [new GraphQLError('Connection not initialised', { extensions: { code: 'UNAUTHENTICATED' } })];

import type { IncomingMessage, Server } from 'node:http';
import { getOperationAST, GraphQLError, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AuthOptions } from '../auth/AuthOptions';
import type { GatewayContext } from '../auth/GatewayContext';
import { createContext } from '../auth/createContext';
import { maskError, type ErrorLog } from '../errors/maskError';
import type { ConnectionLimiter } from '../limits/ConnectionLimiter';
import type { OperationGuard } from '../limits/createOperationGuard';
import type { OperationLimiter } from '../limits/OperationLimiter';
import type { LiveAccess } from './LiveAccess';
import { SharedPayloads } from './SharedPayloads';
import { SocketSession } from './SocketSession';
import type { RunOperation } from './RunOperation';
import type { SubscriptionService } from './SubscriptionService';
import type { SubscriptionStream } from './SubscriptionStream';
import { errors } from '../errors/errors';

interface WebSocketOptions {
  httpServer: Server;
  path: string;
  auth?: AuthOptions;
  schema: () => GraphQLSchema;
  subscriptions: SubscriptionService;
  run: RunOperation;
  /** The HTTP path's parse and validation (spec rules and operation limits): graphql-ws bypasses Apollo Server. */
  checkOperation: OperationGuard['check'];
  /** Where unexpected errors hidden from the client are logged. */
  onError: ErrorLog;
  clientIp(request: IncomingMessage): string | undefined;
  connections: ConnectionLimiter;
  operations: OperationLimiter;
  access: LiveAccess;
  subscriptionsPerSocket: number;
  /** ws maxPayload: a larger message closes the socket with 1009 */
  maxMessageBytes: number;
}

type OperationValue = { context: GatewayContext; stream?: SubscriptionStream; query: string };

/**
 * graphql-ws on the HTTP server's GraphQL path. The connection_init payload's `authorization`
 * is verified once per socket; a bad token makes onConnect return false, which graphql-ws turns
 * into close code 4403 Forbidden. Subscriptions are authorised and planned in onSubscribe so a
 * refusal reaches the client as an `error` message before any event. Limits: connections per
 * address at upgrade (HTTP 429), operations and subscriptions per socket (SocketSession).
 */
export function useWebSocketServer(options: WebSocketOptions) {
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: options.maxMessageBytes,
    verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
      const admitted = options.connections.admit(options.clientIp(req) ?? 'unknown', req.socket);
      if (admitted) done(true);
      else done(false, 429, 'Too many connections from this address');
    },
  });
  const sockets = new WeakMap<object, SocketSession>();
  // Registered before graphql-ws's own listener, so every socket swaps payload markers on send.
  const payloads = new SharedPayloads();
  wss.on('connection', (socket) => payloads.attach(socket));
  const disposable = useServer<Record<string, unknown>>(
    {
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = params.authorization ?? params.Authorization;
        const correlationId = ctx.extra.request.headers['x-correlation-id'];
        try {
          const context = await createContext(
            typeof authorization === 'string' ? authorization : undefined,
            typeof correlationId === 'string' ? correlationId : undefined,
            options.auth,
            options.clientIp(ctx.extra.request),
          );
          sockets.set(ctx, new SocketSession(context, options));
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const session = sockets.get(ctx);
        const context = session?.context;
        if (!session || !context) return [new GraphQLError('Connection not initialised', { extensions: { code: 'UNAUTHENTICATED' } })];
        const schema = options.schema();
        const checked = options.checkOperation(schema, payload.query);
        if ('errors' in checked) return checked.errors;
        const { document } = checked;
        const args: ExecutionArgs = { schema, document, operationName: payload.operationName, variableValues: payload.variables };
        const value: OperationValue = { context, query: payload.query };
        const subscription = getOperationAST(document, payload.operationName)?.operation === 'subscription';
        const refused = await session.admit(subscription);
        if (refused) return refused;
        if (subscription) {
          const opened = await options.subscriptions.open({ ...payload, document, context }).catch((error: Error) => [errors.internal(error.message)]);
          session.opened(Array.isArray(opened) ? undefined : opened);
          if (Array.isArray(opened)) return opened;
          value.stream = opened;
        }
        return { ...args, contextValue: value };
      },
      onError: (ctx, _id, _payload, errors) => {
        const correlationId = sockets.get(ctx)?.context?.correlationId ?? 'none';
        return errors.map((error) => maskError(error, correlationId, options.onError));
      },
      // Event results and socket queries reach the client with the same error masking as HTTP.
      onNext: (ctx, _id, _payload, args, result) => {
        if (!result.errors?.length) return payloads.payloadFor(ctx.extra.socket, result);
        const { correlationId } = (args.contextValue as OperationValue).context;
        return { ...result, errors: result.errors.map((error) => maskError(error.toJSON?.() ?? error, correlationId, options.onError)) };
      },
      subscribe: (args) => (args.contextValue as OperationValue).stream!,
      // Queries and mutations sent over the socket take the same path as HTTP ones.
      execute: (args) => {
        const value = args.contextValue as OperationValue;
        return options.run(value.query, (args.variableValues ?? {}) as Record<string, unknown>, value.context);
      },
    },
    wss,
  );
  return {
    async dispose() {
      await disposable.dispose();
    },
  };
}

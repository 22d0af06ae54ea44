import type { IncomingMessage, Server } from 'node:http';
import { getOperationAST, GraphQLError, parse, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AuthOptions } from '../auth/AuthOptions';
import type { GatewayContext } from '../auth/GatewayContext';
import { createContext } from '../auth/createContext';
import type { ConnectionLimiter } from '../limits/ConnectionLimiter';
import type { LiveAccess } from './LiveAccess';
import type { OperationLimiter } from '../limits/OperationLimiter';
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
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const invalid = validate(schema, document);
        if (invalid.length) return invalid.map(withCode('GRAPHQL_VALIDATION_FAILED'));
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

function withCode(code: string) {
  return (error: GraphQLError) =>
    new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

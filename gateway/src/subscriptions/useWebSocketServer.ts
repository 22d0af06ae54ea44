import type { IncomingMessage, Server } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AuthOptions } from '../auth/AuthOptions';
import { createContext } from '../auth/createContext';
import type { ConnectionLimiter } from '../limits/ConnectionLimiter';
import { SharedPayloads } from './SharedPayloads';
import { uninitialised, type LiveOperations, type LiveOperationValue } from './LiveOperations';
import { SocketSession, type SessionLimits } from './SocketSession';

interface WebSocketOptions {
  httpServer: Server;
  path: string;
  auth?: AuthOptions;
  /** The checks, limits and execution every live transport shares. */
  operations: LiveOperations;
  clientIp(request: IncomingMessage): string | undefined;
  connections: ConnectionLimiter;
  limits: SessionLimits;
  /** ws maxPayload: a larger message closes the socket with 1009 */
  maxMessageBytes: number;
}

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
      const admitted = options.connections.admit(options.clientIp(req) ?? 'unknown', req.socket, 'websocket');
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
          sockets.set(ctx, new SocketSession(context, options.limits));
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const session = sockets.get(ctx);
        if (!session) return uninitialised();
        const prepared = await options.operations.prepare(session, payload);
        return Array.isArray(prepared) ? prepared : (prepared as ExecutionArgs);
      },
      onError: (ctx, _id, _payload, refusals) => options.operations.maskAll(refusals, sockets.get(ctx)?.context?.correlationId ?? 'none'),
      // Event results and socket queries reach the client with the same error masking as HTTP.
      onNext: (ctx, _id, _payload, args, result) => {
        if (!result.errors?.length) return payloads.payloadFor(ctx.extra.socket, result);
        return options.operations.format(result, (args.contextValue as LiveOperationValue).context.correlationId);
      },
      subscribe: options.operations.subscribe,
      // Queries and mutations sent over the socket take the same path as HTTP ones.
      execute: options.operations.execute,
    },
    wss,
  );
  return {
    async dispose() {
      await disposable.dispose();
    },
  };
}

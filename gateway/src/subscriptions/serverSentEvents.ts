import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { ExecutionResult as SseResult } from 'graphql-sse';
import { createHandler } from 'graphql-sse/lib/use/express';
import type { AuthOptions } from '../auth/AuthOptions';
import { createContext } from '../auth/createContext';
import type { ConnectionLimiter } from '../limits/ConnectionLimiter';
import type { LiveOperations, LiveOperationValue } from './LiveOperations';
import { SocketSession, type SessionLimits } from './SocketSession';

export interface ServerSentEventsOptions {
  auth?: AuthOptions;
  /** The checks, limits and execution every live transport shares. */
  operations: LiveOperations;
  clientIp(request: IncomingMessage): string | undefined;
  /** Open streams per client address, counted with the websockets. */
  connections: ConnectionLimiter;
  limits: SessionLimits;
}

/** What graphql-sse's distinct-connections mode requires of a request. */
const EVENT_STREAM = 'text/event-stream';

/**
 * GraphQL over Server-Sent Events (graphql-sse, distinct-connections mode) on the GraphQL path,
 * for clients whose proxies block websockets: a request whose `Accept` is exactly
 * `text/event-stream` is one operation on one event stream; every other request goes on to
 * Apollo Server. The caller is who the request's `Authorization` header says (a bad token gets
 * 401 before any stream opens), and the operation takes the websocket path's route through
 * LiveOperations: the same parse and limits, rate limit, authorisation before any event,
 * per-event authorisation, resume with `after`, shared execution and error masking. Each open
 * stream counts against the per-address connection limit (429 beyond it) and ends, with its
 * subscription, when the client goes away. Single-connection mode is off: a stream token
 * would be a second credential.
 */
export function serverSentEvents(options: ServerSentEventsOptions) {
  const handler = createHandler<LiveOperationValue>({
    // null: distinct connections only.
    authenticate: () => null,
    // LiveOperations validated the operation against the current schema and its limits.
    validate: () => [],
    onSubscribe: async (req, params) => {
      const session = (req.raw as LiveRequest).liveSession!;
      const prepared = await options.operations.prepare(session, params);
      if (Array.isArray(prepared)) return options.operations.refusal(prepared, session.context.correlationId) as SseResult;
      return prepared as ExecutionArgs & { contextValue: LiveOperationValue };
    },
    execute: options.operations.execute,
    subscribe: options.operations.subscribe,
    // No value for a refusal returned by onSubscribe: it was masked there.
    onNext: (value, _req, result) => (value ? (options.operations.format(result as ExecutionResult, value.context.correlationId) as SseResult) : result),
  });

  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.headers.accept !== EVENT_STREAM) return next();
    const ip = options.clientIp(req) ?? 'unknown';
    if (!options.connections.admit(ip, res, 'sse')) {
      res.status(429).json({ errors: [{ message: 'Too many connections from this address', extensions: { code: 'RATE_LIMITED' } }] });
      return;
    }
    const correlationId = req.headers['x-correlation-id'];
    try {
      const context = await createContext(req.headers.authorization, typeof correlationId === 'string' ? correlationId : undefined, options.auth, ip);
      (req as LiveRequest).liveSession = new SocketSession(context, options.limits);
    } catch {
      res.status(401).json({ errors: [{ message: 'Invalid or expired token', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      next(error);
    }
  };
}

type LiveRequest = IncomingMessage & { liveSession?: SocketSession };

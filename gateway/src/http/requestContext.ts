import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { AuthOptions } from '../auth/AuthOptions';
import type { GatewayContext } from '../auth/GatewayContext';
import { createContext } from '../auth/createContext';
import { errors } from '../errors/errors';
import type { OperationLimiter } from '../limits/OperationLimiter';

interface RequestContextOptions {
  auth?: AuthOptions;
  clientIp(request: IncomingMessage): string | undefined;
  limiter: OperationLimiter;
}

/**
 * The HTTP context function: counts the request against its address (before the token, so bad
 * tokens count too), verifies the token (401), then counts it against the subject. Over a
 * limit: HTTP 429, RATE_LIMITED with `retryAfter`, and a Retry-After header.
 */
export function requestContext(options: RequestContextOptions) {
  return async ({ req }: { req: IncomingMessage }): Promise<GatewayContext> => {
    const clientIp = options.clientIp(req);
    const ipWait = await options.limiter.consumeIp(clientIp);
    if (ipWait) throw tooMany(ipWait);
    const context = await createContext(req.headers.authorization, first(req.headers['x-correlation-id']), options.auth, clientIp);
    const userWait = await options.limiter.consumeUser(context);
    if (userWait) throw tooMany(userWait);
    return context;
  };
}

function tooMany(retryAfter: number): GraphQLError {
  const error = errors.rateLimited(retryAfter);
  const headers = new Map([['retry-after', String(error.extensions.retryAfter)]]);
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 429, headers } } });
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

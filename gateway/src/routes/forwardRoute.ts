import type { IncomingMessage } from 'node:http';
import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import type { SubgraphClient } from '../datasources/createSubgraphFetcher';
import type { SubgraphTokens } from '../datasources/createSubgraphTokens';
import { ROUTE_DEFAULTS, type RouteConfig } from './RouteConfig';

export interface ForwardDependencies {
  /** The subgraph URL the route's `path` is taken against (its `/graphql` URL will do). */
  subgraphUrl: string;
  send: SubgraphClient['send'];
  tokens: SubgraphTokens;
  /** Counts one request of the address; the seconds to wait when over the route's limit. */
  limiter: (key: string) => Promise<number | undefined>;
  clientIp: (request: IncomingMessage) => string | undefined;
  onError: (details: Record<string, unknown>, message: string) => void;
}

const refuse = (res: Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });

/** body-parser's failures in the routes' JSON shape. */
const bodyErrors: ErrorRequestHandler = (error: { type?: string }, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error.type === 'entity.too.large') return refuse(res, 413, 'PAYLOAD_TOO_LARGE', 'The body is too large.');
  if (error.type === 'encoding.unsupported') return refuse(res, 415, 'UNSUPPORTED_ENCODING', 'Send the body uncompressed.');
  refuse(res, 400, 'BAD_REQUEST', 'The body could not be read.');
};

/**
 * The handlers of one route: the per-address rate limit (429 RATE_LIMITED with Retry-After,
 * before the body is read), the raw body capped at `maxBodyBytes` (413) and never inflated, then
 * the forward: the same bytes, `content-type` and the route's headers, the correlation id and
 * the gateway's credential. The subgraph's status and body come back; no answer is 502, a slow
 * one 504.
 */
export function forwardRoute(route: RouteConfig, deps: ForwardDependencies): (RequestHandler | ErrorRequestHandler)[] {
  const url = new URL(route.path, deps.subgraphUrl).toString();
  const passed = ['content-type', ...(route.headers ?? [])];
  const limitRate: RequestHandler = async (req, res, next) => {
    const retryAfter = await deps.limiter(deps.clientIp(req) ?? 'unknown');
    if (retryAfter === undefined) return next();
    res.setHeader('retry-after', String(retryAfter));
    refuse(res, 429, 'RATE_LIMITED', 'Too many requests; try again later.');
  };
  const forward: RequestHandler = async (req, res) => {
    const headers: Record<string, string> = { 'x-correlation-id': String(req.headers['x-correlation-id']) };
    for (const name of passed) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const token = await deps.tokens(route.subgraph);
    if (token) headers['x-gateway-token'] = token;
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      const answer = await deps.send(url, { method: 'POST', headers, body });
      const type = answer.headers['content-type'];
      if (typeof type === 'string') res.setHeader('content-type', type);
      res.status(answer.status).end(answer.body ?? undefined);
    } catch (error) {
      const timedOut = (error as { extensions?: { code?: string } }).extensions?.code === 'SUBGRAPH_TIMEOUT';
      deps.onError({ err: error, route: route.path, subgraph: route.subgraph, correlationId: headers['x-correlation-id'] }, 'route forward failed');
      if (timedOut) refuse(res, 504, 'UPSTREAM_TIMEOUT', 'The service did not answer in time; try again later.');
      else refuse(res, 502, 'UPSTREAM_UNAVAILABLE', 'The service is unavailable; try again later.');
    }
  };
  return [limitRate, express.raw({ type: () => true, limit: route.maxBodyBytes ?? ROUTE_DEFAULTS.maxBodyBytes, inflate: false }), forward, bodyErrors];
}

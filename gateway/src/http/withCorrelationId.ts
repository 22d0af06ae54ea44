import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { correlationScope } from '../errors/correlationScope';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request a correlation id (a well-formed incoming `x-correlation-id`, else a new
 * one), used for the context, the subgraph fetches and masked errors. Mounted after the body
 * parser, whose stream callbacks would lose the async scope.
 */
export function withCorrelationId(): RequestHandler {
  return (req, _res, next) => {
    const incoming = req.headers['x-correlation-id'];
    const correlationId = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
    req.headers['x-correlation-id'] = correlationId;
    correlationScope.run({ correlationId }, next);
  };
}

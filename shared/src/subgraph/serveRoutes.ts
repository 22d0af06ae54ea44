import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from '../logger';
import { DEFAULT_ROUTE_BODY_BYTES, routeRefusal, type SubgraphRoute, type SubgraphRouteResponse } from './SubgraphRoute';

const send = (res: express.Response, answer: SubgraphRouteResponse) => res.status(answer.status).json(answer.body);

/** body-parser's failures, answered in the routes' JSON shape instead of an HTML page. */
const bodyErrors: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error.type === 'entity.too.large') return send(res, routeRefusal(413, 'PAYLOAD_TOO_LARGE', 'The body is too large.'));
  if (error.type === 'encoding.unsupported') return send(res, routeRefusal(415, 'UNSUPPORTED_ENCODING', 'Send the body uncompressed.'));
  send(res, routeRefusal(error.status && error.status < 500 ? error.status : 400, 'BAD_REQUEST', 'The body could not be read.'));
};

/** Mounts each route: POST only (405 otherwise), behind `credential`, its raw body capped. */
export function serveRoutes(app: express.Express, routes: SubgraphRoute[], credential: RequestHandler, orm: MikroORM<PostgreSqlDriver>, logger: Logger): void {
  for (const route of routes) {
    const limit = route.maxBodyBytes ?? DEFAULT_ROUTE_BODY_BYTES;
    app.post(
      route.path,
      credential,
      // inflate off: a compressed body would reach the handler as other bytes than were signed.
      express.raw({ type: () => true, limit, inflate: false }),
      async (req: express.Request, res: express.Response) => {
        const correlationId = (req.headers['x-correlation-id'] as string | undefined) ?? randomUUID();
        try {
          const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          send(res, await route.handle({ headers: req.headers, body, em: orm.em.fork() as EntityManager, correlationId, logger }));
        } catch (error) {
          logger.error({ err: error, route: route.path, correlationId }, 'route failed');
          send(res, routeRefusal(500, 'INTERNAL', 'Something went wrong; try again later.'));
        }
      },
      bodyErrors,
    );
    app.all(route.path, (_req, res) => {
      res.setHeader('allow', 'POST');
      send(res, routeRefusal(405, 'METHOD_NOT_ALLOWED', 'Only POST is served here.'));
    });
  }
}

import type { Express } from 'express';
import { withCorrelationId } from '../http/withCorrelationId';
import { forwardRoute, type ForwardDependencies } from './forwardRoute';
import { ROUTE_DEFAULTS, type RouteConfig } from './RouteConfig';

export interface MountRoutesOptions extends Omit<ForwardDependencies, 'subgraphUrl' | 'limiter'> {
  /** The subgraphs' URLs by join__Graph name, as the gateway reaches them. */
  subgraphUrls: Record<string, string>;
  /** A rate limiter for one route. */
  limiter: (name: string, points: number, windowSeconds: number) => ForwardDependencies['limiter'];
}

/**
 * Serves each configured route (checked at start by checkRoutes): POST is forwarded
 * (forwardRoute), any other method is 405 with `Allow: POST`.
 */
export function mountRoutes(app: Express, routes: Record<string, RouteConfig>, options: MountRoutesOptions): void {
  for (const [publicPath, route] of Object.entries(routes)) {
    const limits = { ...ROUTE_DEFAULTS, ...route.rateLimit };
    const limiter = options.limiter(publicPath, limits.requestsPerIp, limits.windowSeconds);
    app.post(publicPath, withCorrelationId(), ...forwardRoute(route, { ...options, subgraphUrl: options.subgraphUrls[route.subgraph], limiter }));
    app.all(publicPath, (_req, res) => {
      res.setHeader('allow', 'POST');
      res.status(405).json({ error: { code: 'METHOD_NOT_ALLOWED', message: 'Only POST is served here.' } });
    });
  }
}

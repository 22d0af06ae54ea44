import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import express, { Router, type Request, type RequestHandler } from 'express';
import type { OperationLimiter } from '../limits/OperationLimiter';
import { explorerCsp } from './explorerCsp';
import type { Explorer } from './explorerSetting';
import { graphiqlPage } from './graphiqlPage';

/** Where the offline explorer always is, when explorers are on. */
export const GRAPHIQL_PATH = '/graphiql';
/** What gateway/graphiql/build.mjs writes (`npm run build`); the same folder from src/ (tests) and dist/. */
const BUNDLE_DIR = resolve(__dirname, '../../dist/graphiql');

export interface ExplorerRouteOptions {
  explorer: Explorer;
  graphqlPath: string;
  /** Counts each explorer request against its address, as an HTTP operation is (operationsPerIp). */
  limiter: OperationLimiter;
  clientIp(request: IncomingMessage): string | undefined;
  /** Told once, at start, when explorers are on but the bundle was never built. */
  onMissingBundle(message: string): void;
  /** The bundle's folder; default gateway/dist/graphiql. */
  bundleDir?: string;
}

/**
 * The offline explorer: GraphiQL's page at `/graphiql` and its bundle's files under it, each
 * with the explorer's CSP (explorerCsp), and the same page on a browser's `GET /graphql` when
 * `explorer` is `graphiql`. Sandbox is Apollo's landing page (explorerLandingPage). GET and HEAD
 * only, files from the bundle's folder only (send refuses `..`), every request counted per address.
 */
export function explorerRoutes(options: ExplorerRouteOptions): Router {
  const router = Router();
  if (!options.explorer) return router;
  const dir = options.bundleDir ?? BUNDLE_DIR;
  const built = existsSync(join(dir, 'explorer.js'));
  if (!built) options.onMissingBundle(`The GraphiQL bundle is missing from ${dir}: run "npm run build" (the explorer answers 503 until then)`);
  const page = graphiqlPage({ endpoint: options.graphqlPath, assets: GRAPHIQL_PATH });

  const limited: RequestHandler = (req, res, next) => {
    options.limiter.consumeIp(options.clientIp(req)).then((wait) => {
      if (!wait) return next();
      res.setHeader('Retry-After', String(wait));
      res.status(429).type('text/plain').send('Too many requests');
    }, next);
  };
  const sendPage: RequestHandler = (req, res) => {
    if (!built) {
      res.status(503).type('text/plain').send('The GraphiQL bundle is missing: run "npm run build".');
      return;
    }
    res.setHeader('Content-Security-Policy', explorerCsp(req.headers.host));
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(page);
  };
  const assets = express.static(dir, {
    index: false,
    redirect: false,
    setHeaders: (res) => res.setHeader('Content-Security-Policy', explorerCsp(res.req.headers.host)),
  });

  router.get(GRAPHIQL_PATH, limited, sendPage);
  router.use(GRAPHIQL_PATH, (req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? limited(req, res, next) : next()), assets);
  if (options.explorer === 'graphiql') router.get(options.graphqlPath, (req, res, next) => (prefersHtml(req) ? limited(req, res, () => sendPage(req, res, next)) : next()));
  return router;
}

/** Apollo Server's rule for its landing page: a GET whose Accept prefers HTML over every GraphQL answer type. */
function prefersHtml(req: Request): boolean {
  return req.accepts(['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html']) === 'text/html';
}

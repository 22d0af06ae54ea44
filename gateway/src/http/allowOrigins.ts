import type { RequestHandler } from 'express';

/**
 * CORS from an allow-list: a listed Origin gets Access-Control-Allow-Origin (and its preflight
 * an answer), any other gets no CORS headers and a 403 preflight, so browsers keep other sites
 * out. Same-origin requests need no headers. CSRF prevention stays Apollo Server's.
 */
export function allowOrigins(origins: string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    const preflight = req.method === 'OPTIONS' && !!req.headers['access-control-request-method'];
    if (!origin || !allowed.has(origin)) {
      if (preflight) res.sendStatus(403);
      else next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (!preflight) return next();
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    const requested = req.headers['access-control-request-headers'];
    if (requested) res.setHeader('Access-Control-Allow-Headers', requested);
    res.setHeader('Access-Control-Max-Age', '600');
    res.sendStatus(204);
  };
}

import type { RequestHandler } from 'express';
import helmet from 'helmet';

export interface SecurityHeaderOptions {
  /** HSTS max-age in seconds; off unless set (TLS usually ends in front of the gateway). */
  hstsMaxAge?: number;
  /** Sandbox is the landing page on GET /graphql: its HTML loads Apollo's scripts, so it gets no CSP. */
  landingPage: boolean;
}

/**
 * helmet on every answer: nosniff, X-Frame-Options DENY, Referrer-Policy no-referrer, no
 * X-Powered-By, HSTS only when configured. The API answers JSON only, so its CSP forbids
 * everything (`default-src 'none'; frame-ancestors 'none'`); the Sandbox page, when on, goes without,
 * and GraphiQL's routes replace it with their own (explorer/explorerCsp.ts).
 */
export function securityHeaders(options: SecurityHeaderOptions): RequestHandler[] {
  const base = helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: options.hstsMaxAge ? { maxAge: options.hstsMaxAge, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  const csp = helmet.contentSecurityPolicy({ useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } });
  return [
    base,
    (req, res, next) => {
      const landingPage = options.landingPage && req.method === 'GET' && !!req.headers.accept?.includes('text/html');
      if (landingPage) next();
      else csp(req, res, next);
    },
  ];
}

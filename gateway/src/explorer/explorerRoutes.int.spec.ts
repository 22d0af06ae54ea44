import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import express from 'express';
import { parse } from 'graphql';
import { OperationLimiter } from '../limits/OperationLimiter';
import { rateLimitsOf } from '../limits/RateLimitOptions';
import { startGateway, type GatewayOptions, type RunningGateway } from '../index';
import { explorerRoutes } from './explorerRoutes';

const composed = composeServices([
  { name: 'only', url: 'http://127.0.0.1:9/graphql', typeDefs: parse('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"]) type Query { ping: String }') },
]);
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
/** Reads the whole body, so no connection stays busy and the gateway stops at once. */
const fetched = async (url: string, init?: RequestInit) => {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
};

describe('the explorers', () => {
  const gateways: RunningGateway[] = [];
  const start = async (options: Partial<GatewayOptions>) => {
    const gateway = await startGateway({ supergraphSdl: composed.supergraphSdl!, port: 0, host: '127.0.0.1', logLevel: 'silent', ...options });
    gateways.push(gateway);
    return { graphql: gateway.url, graphiql: gateway.url.replace(/\/graphql$/, '/graphiql'), base: gateway.url.replace(/\/graphql$/, '') };
  };
  let dev: Awaited<ReturnType<typeof start>>;
  let sandboxInProduction: Awaited<ReturnType<typeof start>>;
  let off: Awaited<ReturnType<typeof start>>;
  let production: Awaited<ReturnType<typeof start>>;

  beforeAll(async () => {
    dev = await start({ production: false });
    sandboxInProduction = await start({ production: true, explorer: 'sandbox' });
    off = await start({ production: false, explorer: false });
    production = await start({ production: true });
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
  });

  it('serves GraphiQL at /graphiql and on a browser GET /graphql by default, with a CSP that allows only its own origin', async () => {
    for (const url of [dev.graphiql, dev.graphql]) {
      const response = await fetch(url, { headers: HTML });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('<script src="/graphiql/explorer.js"></script>');
      expect(html).toContain('<link rel="stylesheet" href="/graphiql/explorer.css">');
      expect(html).toContain('data-config="{&#34;endpoint&#34;:&#34;/graphql&#34;,&#34;assets&#34;:&#34;/graphiql&#34;}"');
      // No inline script and nothing from another origin.
      expect(html.match(/<script[^>]*>/g)).toEqual(['<script src="/graphiql/explorer.js">']);
      expect(html).not.toMatch(/https?:\/\//);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("worker-src 'self';");
      expect(csp).toContain(`connect-src 'self' ws://${new URL(url).host} wss://${new URL(url).host};`);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
    // An API client still gets the API.
    const api = await fetch(dev.graphql, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(await api.json()).toEqual({ data: { __typename: 'Query' } });
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
  });

  it('serves every file of the bundle from its own origin: script, stylesheet, the three Monaco workers and the font the CSS names', async () => {
    const css = await fetch(`${dev.graphiql}/explorer.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const cssText = await css.text();
    const fonts = [...cssText.matchAll(/url\("?\.\/([^")]+)"?\)/g)].map((match) => match[1]);
    expect(fonts.length).toBeGreaterThan(0);
    expect(cssText).not.toMatch(/url\("?(https?:)?\/\//);
    for (const file of ['explorer.js', 'editor.worker.js', 'json.worker.js', 'graphql.worker.js', ...fonts]) {
      const response = await fetched(`${dev.graphiql}/${file}`);
      expect([file, response.status]).toEqual([file, 200]);
      // Workers run under the CSP of their own response.
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
    expect((await fetched(`${dev.graphiql}/explorer.js`)).headers.get('content-type')).toMatch(/^(application|text)\/javascript/);
  });

  it('serves Sandbox on GET /graphql when chosen, even in production, and GraphiQL stays at /graphiql', async () => {
    const sandbox = await fetch(sandboxInProduction.graphql, { headers: HTML });
    expect(await sandbox.text()).toMatch(/sandbox/i);
    expect(sandbox.headers.get('content-security-policy')).toBeNull();
    const graphiql = await fetch(sandboxInProduction.graphiql, { headers: HTML });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain('/graphiql/explorer.js');
  });

  it('serves no explorer when switched off, nor by default in production', async () => {
    for (const gateway of [off, production]) {
      expect((await fetched(gateway.graphiql, { headers: HTML })).status).toBe(404);
      expect((await fetched(`${gateway.graphiql}/explorer.js`)).status).toBe(404);
      const page = await (await fetch(gateway.graphql, { headers: HTML })).text();
      expect(page).not.toMatch(/graphiql|sandbox/i);
    }
  });

  describe('refuses hostile requests', () => {
    it('serves no file outside the bundle, whatever the path spells', async () => {
      for (const path of ['/graphiql/../package.json', '/graphiql/..%2fpackage.json', '/graphiql/%2e%2e/%2e%2e/package.json', '/graphiql/..%5c..%5cpackage.json', '/graphiql/.%00./package.json', '/graphiql//etc/passwd']) {
        const { status, body } = await rawGet(dev.base, path);
        expect(status).toBeGreaterThanOrEqual(400);
        expect(body).not.toMatch(/"name": "@caregraph|root:x:0/);
      }
    });

    it('answers only GET and HEAD', async () => {
      for (const method of ['POST', 'PUT', 'DELETE']) {
        expect([method, (await fetched(dev.graphiql, { method })).status]).toEqual([method, 404]);
        expect([method, (await fetched(`${dev.graphiql}/explorer.js`, { method })).status]).toEqual([method, 404]);
      }
      const head = await fetched(`${dev.graphiql}/explorer.js`, { method: 'HEAD' });
      expect(head.status).toBe(200);
    });

    it('never writes a forged Host header into the CSP', async () => {
      const { headers } = await rawGet(dev.base, '/graphiql', { host: "evil.example; script-src 'unsafe-inline' *" });
      expect(headers['content-security-policy']).toContain("connect-src 'self';");
      expect(headers['content-security-policy']).not.toContain('evil');
    });

    it('counts every explorer request against the address, answering 429 with Retry-After past the limit', async () => {
      const limited = await start({ production: false, rateLimits: { operationsPerIp: 3, windowSeconds: 60 } });
      const statuses = [];
      for (const path of ['', '/explorer.js', '/explorer.css', '']) statuses.push((await fetched(`${limited.graphiql}${path}`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await fetched(limited.graphql, { headers: HTML });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });

  it('answers 503 naming the fix when the bundle was never built, and says so once at start', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'graphiql-missing-'));
    const told: string[] = [];
    const app = express().use(explorerRoutes({
      explorer: 'graphiql',
      graphqlPath: '/graphql',
      limiter: new OperationLimiter(rateLimitsOf({}), 'explorer-test.'),
      clientIp: (req) => req.socket.remoteAddress,
      onMissingBundle: (message) => told.push(message),
      bundleDir: empty,
    }));
    const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    try {
      const response = await fetched(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphiql`);
      expect(response.status).toBe(503);
      expect(response.text).toMatch(/npm run build/);
      expect(told).toEqual([expect.stringContaining('run "npm run build"')]);
    } finally {
      server.close();
      await rm(empty, { recursive: true });
    }
  });
});

/** A GET sent as written (fetch would normalise `..` and refuses to set Host). */
function rawGet(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path, method: 'GET', headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

import { eventually, infra, testNamespace } from '@caregraph/testing';
import Redis from 'ioredis';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import { jwtVerify } from 'jose';
import WebSocket from 'ws';
import { startGateway, type RunningGateway } from './index';
import { startFixtureSubgraphs } from './testing/startFixtureSubgraphs';

const SUBGRAPH_SECRET = 'subgraph-secret-for-tests-0123456789abcdef';
type Body = ExecutionResult & { errors?: { message: string; extensions?: Record<string, unknown> }[] };

const nested = (levels: number, leaf = 'id') => {
  let selection = leaf;
  for (let level = 0; level < levels; level += 1) selection = `related { ${selection} }`;
  return selection;
};
/** One query per limit, each over only that limit under the defaults (maxTokens: 50000 in this test, so that 5,000 aliases meet the alias limit). */
const OVER_LIMIT: Record<string, { query: string; message: RegExp }> = {
  maxDepth: { query: `{ item(id: "1") { ${nested(11)} } }`, message: /depth limit of 10/ },
  maxAliases: { query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: item(id: "${i}") { id }`).join(' ')} }`, message: /Aliases limit of 30/ },
  maxDirectives: { query: `{ item(id: "1") { id ${'@include(if: true) '.repeat(51)} } }`, message: /Directives limit of 50/ },
  maxTokens: { query: `{ item(id: "1") { ${'id '.repeat(60000)} } }`, message: /Token limit of 50000 exceeded \(maxTokens\)/ },
  maxCost: { query: `{ items { ${nested(5)} } }`, message: /cost limit of 250000/ },
};

describe('a hardened gateway', () => {
  let fixtures: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let dev: RunningGateway;
  let prod: RunningGateway;
  let lifted: RunningGateway;
  let redis: Redis;
  let prefix: string;
  const clients: Client[] = [];

  const post = (gateway: RunningGateway, query: string, headers: Record<string, string> = {}) =>
    fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const gql = async (gateway: RunningGateway, query: string) => (await (await post(gateway, query)).json()) as Body;
  const overSocket = (gateway: RunningGateway, query: string) => {
    const client = createClient({ url: gateway.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(client);
    return new Promise<Body | readonly { message: string; extensions?: Record<string, unknown> }[]>((resolve) => {
      let result: Body | undefined;
      client.subscribe({ query }, {
        next: (value) => { result = value as Body; },
        error: (error) => resolve(error as { message: string }[]),
        complete: () => resolve(result!),
      });
    });
  };

  beforeAll(async () => {
    fixtures = await startFixtureSubgraphs({ detailDelayMs: 40 });
    const { redisUrl } = await infra();
    redis = new Redis(redisUrl);
    prefix = testNamespace('hardening');
    const common = { supergraphSdl: fixtures.supergraphSdl, subgraphUrls: fixtures.subgraphUrls, port: 0, host: '127.0.0.1', logLevel: 'silent' };
    dev = await startGateway({
      ...common,
      production: false,
      subgraphCredential: { secret: SUBGRAPH_SECRET },
      limits: { maxResponseBytes: 64 * 1024, subgraphTimeoutMs: 1000, maxTokens: 50000 },
      metricsPort: 0,
      subscriptions: { itemChanged: { channel: 'items', result: { __typename: 'Item', id: '$event.id' } } },
      redisUrl,
      channelPrefix: prefix,
    });
    prod = await startGateway({ ...common, production: true });
    lifted = await startGateway({
      ...common,
      production: false,
      limits: { maxAliases: 10000, maxTokens: 100000, maxCost: 1e12, maxConcurrentFetches: 4 },
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await Promise.all([dev, prod, lifted].map((gateway) => gateway?.stop()));
    await fixtures?.stop();
    redis?.disconnect();
  });

  describe('operation limits', () => {
    it.each(Object.entries(OVER_LIMIT))('refuses an operation over %s on HTTP with 400 and GRAPHQL_VALIDATION_FAILED, before any subgraph fetch', async (_limit, { query, message }) => {
      const before = fixtures.seen.catalog.requests;
      const response = await post(dev, query);
      expect(response.status).toBe(400);
      const body = (await response.json()) as Body;
      expect(body.errors?.map((error) => error.extensions?.code)).toContainEqual(expect.stringMatching(/^GRAPHQL_(VALIDATION|PARSE)_FAILED$/));
      expect(body.errors?.map((error) => error.message).join('\n')).toMatch(message);
      expect(fixtures.seen.catalog.requests).toBe(before);
    });

    it.each(Object.entries(OVER_LIMIT))('refuses an operation over %s on graphql-ws with the same code', async (_limit, { query, message }) => {
      const before = fixtures.seen.catalog.requests;
      const errors = (await overSocket(dev, query)) as { message: string; extensions?: Record<string, unknown> }[];
      expect(Array.isArray(errors)).toBe(true);
      expect(errors.map((error) => error.extensions?.code)).toContainEqual(expect.stringMatching(/^GRAPHQL_(VALIDATION|PARSE)_FAILED$/));
      expect(errors.map((error) => error.message).join('\n')).toMatch(message);
      expect(fixtures.seen.catalog.requests).toBe(before);
    });

    it('refuses a subscription over the depth limit on graphql-ws', async () => {
      const errors = (await overSocket(dev, `subscription { itemChanged { ${nested(11)} } }`)) as { message: string; extensions?: Record<string, unknown> }[];
      expect(errors[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(errors.map((error) => error.message).join('\n')).toMatch(/depth limit of 10/);
    });

    it('refuses a branching query nested 17 levels without calling any subgraph', async () => {
      const before = fixtures.seen.catalog.requests + fixtures.seen.details.requests;
      const response = await post(dev, `{ items { ${nested(16, 'id name')} } }`);
      expect(response.status).toBe(400);
      expect(fixtures.seen.catalog.requests + fixtures.seen.details.requests).toBe(before);
    });

    it('answers an operation within the limits', async () => {
      expect(await gql(dev, `{ items { ${nested(4)} } }`)).toEqual({ data: { items: expect.any(Array) } });
    });

    it('refuses 5,000 aliases by the alias limit', async () => {
      const response = await post(dev, `{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: big(kb: 1)`).join(' ')} }`);
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toMatch(/Aliases limit of 30 exceeded, found 5000/);
    });
  });

  describe('the upstream guard', () => {
    it('with the alias limit lifted, keeps one request to maxConcurrentFetches at a subgraph and still answers others meanwhile', async () => {
      fixtures.seen.details.maxInFlight = 0;
      const aliases = Array.from({ length: 60 }, (_, i) => `a${i}: item(id: "${i}") { detail }`).join(' ');
      let bigDone = false;
      const big = gql(lifted, `{ ${aliases} }`).then((body) => { bigDone = true; return body; });
      await eventually(() => fixtures.seen.details.inFlight > 0);
      const small = await gql(lifted, '{ item(id: "small") { name } }');
      expect(small).toEqual({ data: { item: { name: 'Item small' } } });
      expect(bigDone).toBe(false);
      const body = await big;
      expect(body.errors).toBeUndefined();
      expect(Object.keys(body.data ?? {})).toHaveLength(60);
      expect(fixtures.seen.details.maxInFlight).toBeGreaterThan(1);
      expect(fixtures.seen.details.maxInFlight).toBeLessThanOrEqual(4);
    });

    it('cuts off a subgraph answer past maxResponseBytes with RESPONSE_TOO_LARGE', async () => {
      const body = await gql(dev, '{ big(kb: 100) }');
      expect(body.errors?.[0].extensions?.code).toBe('RESPONSE_TOO_LARGE');
      expect(body.errors?.[0].message).toMatch(/maxResponseBytes/);
    });

    it('cuts off a final answer past maxResponseBytes', async () => {
      // 40 KB from each subgraph, both under the 64 KB limit; together over it.
      const body = await gql(dev, '{ big(kb: 40) item(id: "1") { blob(kb: 40) } }');
      expect(body).toEqual({ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'RESPONSE_TOO_LARGE' }) })] });
    });

    it('gives up on a subgraph after subgraphTimeoutMs', async () => {
      const body = await gql(dev, '{ slow(ms: 1500) }');
      expect(body.errors?.[0].extensions?.code).toBe('SUBGRAPH_TIMEOUT');
    });
  });

  describe('errors', () => {
    it('hides a subgraph that hangs up behind INTERNAL_SERVER_ERROR with a correlationId', async () => {
      const response = await post(dev, '{ brokenField }', { 'x-correlation-id': 'quote-me-123' });
      const text = await response.text();
      expect(text).not.toMatch(/127\.0\.0\.1|http:|socket hang up|stack|"response"/);
      const body = JSON.parse(text) as Body;
      expect(body.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', correlationId: 'quote-me-123' });
    });

    it("hides a subgraph's unexpected error message", async () => {
      const text = await (await post(dev, '{ boom }')).text();
      expect(text).not.toMatch(/postgres|secret|10\.0\.0\.7|serviceName|stacktrace/);
      const body = JSON.parse(text) as Body;
      expect(body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(body.errors?.[0].extensions?.correlationId).toEqual(expect.any(String));
    });

    it("keeps subgraphs' own codes and their client-facing details", async () => {
      const body = await gql(dev, '{ forbidden badInput rateLimited }');
      const byCode = Object.fromEntries((body.errors ?? []).map((error) => [error.extensions?.code, error]));
      expect(byCode.FORBIDDEN?.message).toBe('Not your catalog');
      expect(byCode.BAD_USER_INPUT?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
      expect(byCode.RATE_LIMITED?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: 7 });
    });

    it('masks the same way over graphql-ws', async () => {
      const body = (await overSocket(dev, '{ brokenField }')) as Body;
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|socket hang up/);
      expect(body.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', correlationId: expect.any(String) });
    });
  });

  describe('subgraph credentials', () => {
    it('sends x-gateway-token for the subgraph it calls, verifiable with the secret, and x-forwarded-for', async () => {
      await gql(dev, '{ item(id: "1") { name detail } }');
      const key = new TextEncoder().encode(SUBGRAPH_SECRET);
      for (const name of ['catalog', 'details'] as const) {
        const headers = fixtures.seen[name].headers!;
        const { payload } = await jwtVerify(String(headers['x-gateway-token']), key, { issuer: 'caregraph-gateway', audience: name, algorithms: ['HS256'] });
        expect(payload.exp! - payload.iat!).toBe(60);
        expect(headers['x-forwarded-for']).toMatch(/127\.0\.0\.1/);
      }
    });

    it("sends them on a subscription's per-event executions too", async () => {
      const client = createClient({ url: dev.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
      clients.push(client);
      const results: unknown[] = [];
      client.subscribe({ query: 'subscription { itemChanged { id detail } }' }, { next: (value) => results.push(value), error: () => undefined, complete: () => undefined });
      await eventually(async () => Number(((await redis.pubsub('NUMSUB', `${prefix}items`)) as [string, number])[1]) === 1);
      fixtures.seen.details.headers = undefined;
      await redis.publish(`${prefix}items`, JSON.stringify({ id: 'ev1' }));
      await eventually(() => results.length === 1);
      expect(results[0]).toEqual({ data: { itemChanged: { id: 'ev1', detail: 'Detail of ev1' } } });
      const headers = fixtures.seen.details.headers!;
      const { payload } = await jwtVerify(String(headers['x-gateway-token']), new TextEncoder().encode(SUBGRAPH_SECRET), { audience: 'details', issuer: 'caregraph-gateway' });
      expect(payload.aud).toBe('details');
      expect(headers['x-forwarded-for']).toMatch(/127\.0\.0\.1/);
    });

    it('sends no x-gateway-token without a secret', async () => {
      await gql(prod, '{ item(id: "1") { name } }');
      expect(fixtures.seen.catalog.headers?.['x-gateway-token']).toBeUndefined();
    });
  });

  describe('HTTP', () => {
    it('sets the security headers on every answer, without X-Powered-By or HSTS', async () => {
      for (const response of [await post(dev, '{ items { id } }'), await fetch(dev.url.replace('/graphql', '/health'))]) {
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        expect(response.headers.get('referrer-policy')).toBe('no-referrer');
        expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(response.headers.get('x-powered-by')).toBeNull();
        expect(response.headers.get('strict-transport-security')).toBeNull();
      }
    });

    it('serves the offline explorer in development, under a CSP of its own origin only (Sandbox: explorer/explorerRoutes.int.spec.ts)', async () => {
      const response = await fetch(dev.url, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('/graphiql/explorer.js');
      expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self';/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it("refuses an unknown origin's preflight and allows Sandbox's in development only", async () => {
      const preflight = (gateway: RunningGateway, origin: string) =>
        fetch(gateway.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      const unknown = await preflight(dev, 'https://evil.example');
      expect(unknown.status).toBe(403);
      expect(unknown.headers.get('access-control-allow-origin')).toBeNull();
      const sandbox = await preflight(dev, 'https://studio.apollographql.com');
      expect(sandbox.status).toBe(204);
      expect(sandbox.headers.get('access-control-allow-origin')).toBe('https://studio.apollographql.com');
      expect((await preflight(prod, 'https://studio.apollographql.com')).status).toBe(403);
    });

    it("keeps Apollo's CSRF prevention", async () => {
      const response = await fetch(`${dev.url}?query=${encodeURIComponent('{ items { id } }')}`);
      expect(response.status).toBe(400);
    });

    it('serves /metrics only on the internal listener; /health and /ready stay public', async () => {
      const base = dev.url.replace('/graphql', '');
      expect((await fetch(`${base}/metrics`)).status).toBe(404);
      expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: 'ready' });
      expect(dev.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(await (await fetch(dev.metricsUrl!)).text()).toContain('gateway_operations_total');
      expect(prod.metricsUrl).toBeUndefined();
    });
  });

  describe('production defaults', () => {
    it('refuse introspection', async () => {
      const body = await gql(prod, '{ __schema { types { name } } }');
      expect(body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await gql(dev, '{ __schema { queryType { name } } }')).data).toBeDefined();
    });

    it('give no field suggestions, on HTTP and graphql-ws', async () => {
      const body = await gql(prod, '{ itemz { id } }');
      expect(body.errors?.[0].message).toMatch(/Cannot query field "itemz"/);
      expect(body.errors?.[0].message).not.toMatch(/Did you mean/);
      const overWs = (await overSocket(prod, '{ itemz { id } }')) as { message: string }[];
      expect(overWs[0].message).not.toMatch(/Did you mean/);
      expect((await gql(dev, '{ itemz { id } }')).errors?.[0].message).toMatch(/Did you mean/);
    });

    it('serve no explorer page', async () => {
      const response = await fetch(prod.url, { headers: { accept: 'text/html' } });
      expect(await response.text()).not.toMatch(/sandbox|graphiql/i);
      expect((await fetch(prod.url.replace(/\/graphql$/, '/graphiql'))).status).toBe(404);
    });
  });
});

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { GatewayCredentialVerifier } from '@caregraph/shared';
import { supergraphSdl } from '../__tests__/edgeFixture';
import { startGateway, type GatewayOptions, type RunningGateway } from '../index';

const SUBGRAPH_SECRET = 'route-test-subgraph-secret-0123456789';

/** A stand-in subgraph server that records every request it gets and answers as told. */
async function startRecorder() {
  const received: { method?: string; url?: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];
  const answer = { status: 202, body: '{"id":"e1","type":"partner.x.y"}' };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, received, answer, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('gateway routes', () => {
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let gateway: RunningGateway;
  let base: string;
  const options = (routes: GatewayOptions['routes'], accountsUrl: string): GatewayOptions => ({
    supergraphSdl: supergraphSdl(),
    port: 0,
    host: '127.0.0.1',
    subgraphUrls: { ACCOUNTS: accountsUrl },
    subgraphCredential: { secret: SUBGRAPH_SECRET },
    logLevel: 'silent',
    routes,
  });

  beforeAll(async () => {
    recorder = await startRecorder();
    gateway = await startGateway(options({
      '/ingest/events': { subgraph: 'accounts', path: '/ingest/events', headers: ['webhook-id', 'webhook-signature'], maxBodyBytes: 1024 },
      '/limited': { subgraph: 'accounts', path: '/limited', rateLimit: { requestsPerIp: 2, windowSeconds: 60 } },
    }, recorder.url));
    base = gateway.url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await gateway?.stop();
    await recorder?.stop();
  });
  beforeEach(() => {
    recorder.received.length = 0;
  });

  const postTo = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('forwards the body bytes unchanged with the listed headers and its own credential, and passes the answer back', async () => {
    const body = Buffer.concat([Buffer.from('{ "a" :  1,\n"b":"\u00e9"}'), Buffer.from([0xff, 0xfe])]);
    const response = await postTo('/ingest/events', body, {
      'webhook-id': 'msg_1',
      'webhook-signature': 'v1,abc',
      'webhook-timestamp': '123',
      authorization: 'Bearer not-for-the-route',
      cookie: 'session=1',
      'x-gateway-token': 'forged',
      'x-correlation-id': 'corr-1',
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ id: 'e1', type: 'partner.x.y' });
    expect(recorder.received).toHaveLength(1);
    const [forwarded] = recorder.received;
    expect(forwarded).toMatchObject({ method: 'POST', url: '/ingest/events' });
    expect(forwarded.body.equals(body)).toBe(true);
    expect(forwarded.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-signature': 'v1,abc', 'x-correlation-id': 'corr-1' });
    for (const header of ['webhook-timestamp', 'authorization', 'cookie']) expect(forwarded.headers[header]).toBeUndefined();
    // The gateway's own credential for that subgraph, not the caller's forgery.
    expect(await new GatewayCredentialVerifier('accounts', SUBGRAPH_SECRET).isValid(forwarded.headers['x-gateway-token'])).toBe(true);
  });

  it("passes the subgraph's refusals on as they are", async () => {
    recorder.answer.status = 409;
    recorder.answer.body = '{"error":{"code":"DUPLICATE_EVENT","message":"seen"}}';
    try {
      const response = await postTo('/ingest/events', '{}');
      expect(response.status).toBe(409);
      expect(await response.json()).toEqual({ error: { code: 'DUPLICATE_EVENT', message: 'seen' } });
    } finally {
      recorder.answer.status = 202;
      recorder.answer.body = '{"id":"e1","type":"partner.x.y"}';
    }
  });

  it('refuses hostile requests before forwarding anything: oversized or compressed bodies, other methods', async () => {
    const big = await postTo('/ingest/events', 'x'.repeat(1025));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    const gzipped = await postTo('/ingest/events', gzipSync('{}'), { 'content-encoding': 'gzip' });
    expect(gzipped.status).toBe(415);
    const get = await fetch(`${base}/ingest/events`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    // Node's own header limit (16 KiB) answers before any handler runs.
    expect((await postTo('/ingest/events', '{}', { 'webhook-id': 'x'.repeat(20_000) })).status).toBe(431);
    expect(recorder.received).toEqual([]);
  });

  it('limits requests per address, answering 429 with Retry-After', async () => {
    expect((await postTo('/limited', '{}')).status).toBe(202);
    expect((await postTo('/limited', '{}')).status).toBe(202);
    const limited = await postTo('/limited', '{}');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(recorder.received).toHaveLength(2);
  });

  it('answers 502 when the subgraph cannot be reached', async () => {
    const down = await startRecorder();
    await down.stop();
    const orphan = await startGateway(options({ '/in': { subgraph: 'accounts', path: '/in' } }, down.url));
    try {
      const response = await fetch(orphan.url.replace(/\/graphql$/, '/in'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ error: { code: 'UPSTREAM_UNAVAILABLE' } });
    } finally {
      await orphan.stop();
    }
  });

  it('refuses to start with routes that cannot work, naming each problem', async () => {
    const starting = startGateway(options({
      '/graphql': { subgraph: 'accounts', path: '/x' },
      '/in': { subgraph: 'care', path: '/in', headers: ['x-gateway-token'] },
    }, recorder.url));
    await expect(starting).rejects.toThrow(
      /routes\.\/graphql: the gateway serves this path itself[\s\S]*routes\.\/in\.subgraph: the supergraph has no subgraph "care"[\s\S]*"x-gateway-token" is never forwarded/,
    );
  });
});

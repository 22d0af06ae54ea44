import { eventually, metricSample, scrapeMetrics } from '@caregraph/testing';
import WebSocket from 'ws';
import type { RunningGateway } from '../index';
import { InMemoryPubSub } from '@caregraph/shared';
import { AUDIENCE, ISSUER, SECRET, post, startAccounts, startFixtureGateway, token } from '../__tests__/edgeFixture';

/** Opens a graphql-ws socket and resolves once it is open. */
function openSocket(gateway: RunningGateway): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(gateway.url.replace('http', 'ws'), 'graphql-transport-ws');
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('the gateway\'s metrics', () => {
  let accounts: Awaited<ReturnType<typeof startAccounts>>;
  let gateway: RunningGateway;
  /** Its accounts subgraph listens nowhere. */
  let orphan: RunningGateway;
  const pubsub = new InMemoryPubSub();
  const metrics = (of: RunningGateway) => scrapeMetrics(of.metricsUrl!);

  beforeAll(async () => {
    accounts = await startAccounts();
    const auth = { jwtSecret: SECRET, issuer: ISSUER, audience: AUDIENCE };
    gateway = await startFixtureGateway(accounts.url, { auth, eventSource: pubsub, rateLimits: { operationsPerIp: 3, connectionsPerIp: 1 } });
    orphan = await startFixtureGateway('http://127.0.0.1:1/graphql', { auth, eventSource: pubsub });
  });

  afterAll(async () => {
    await gateway?.stop();
    await orphan?.stop();
    await accounts?.stop();
    await pubsub.close();
  });

  it('times fetches per subgraph, and counts the failed ones by code', async () => {
    expect((await post(gateway, '{ ping }')).status).toBe(200);
    const served = await metrics(gateway);
    expect(metricSample(served, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'accounts' })).toBe(1);
    expect(metricSample(served, 'gateway_subgraph_fetch_duration_seconds_bucket', { subgraph: 'accounts', le: '+Inf' })).toBe(1);
    expect(metricSample(served, 'gateway_subgraph_fetch_errors_total', { subgraph: 'accounts' })).toBeUndefined();

    const failed = (await (await post(orphan, '{ ping }')).json()) as { errors?: unknown[] };
    expect(failed.errors).toHaveLength(1);
    const orphaned = await metrics(orphan);
    expect(metricSample(orphaned, 'gateway_subgraph_fetch_errors_total', { subgraph: 'accounts', code: 'UNREACHABLE' })).toBe(1);
    expect(metricSample(orphaned, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'accounts' })).toBe(1);
  });

  it('counts open websockets, and a connection refused past the per-address limit', async () => {
    const socket = await openSocket(gateway);
    expect(metricSample(await metrics(gateway), 'gateway_open_connections', { transport: 'websocket' })).toBe(1);
    await expect(openSocket(gateway)).rejects.toThrow(/429/);
    expect(metricSample(await metrics(gateway), 'gateway_rate_limit_refusals_total', { limit: 'connections_per_ip' })).toBe(1);
    socket.close();
    await eventually(async () => metricSample(await metrics(gateway), 'gateway_open_connections', { transport: 'websocket' }) === 0);
  });

  it('counts open Server-Sent Events streams', async () => {
    const stream = new AbortController();
    const response = await fetch(gateway.url, {
      method: 'POST',
      signal: stream.signal,
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${await token('sse-user')}` },
      body: JSON.stringify({ query: 'subscription($u: ID!) { userEvents(userId: $u) { id } }', variables: { u: 'sse-user' } }),
    });
    expect(response.status).toBe(200);
    expect(metricSample(await metrics(gateway), 'gateway_open_connections', { transport: 'sse' })).toBe(1);
    stream.abort();
    await eventually(async () => metricSample(await metrics(gateway), 'gateway_open_connections', { transport: 'sse' }) === 0);
  });

  it('counts operations refused by the per-address rate limit', async () => {
    const before = metricSample(await metrics(gateway), 'gateway_rate_limit_refusals_total', { limit: 'operations_per_ip' }) ?? 0;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await post(gateway, '{ ping }')).status);
    const refused = statuses.filter((status) => status === 429).length;
    expect(refused).toBeGreaterThan(0);
    expect(metricSample(await metrics(gateway), 'gateway_rate_limit_refusals_total', { limit: 'operations_per_ip' })).toBe(before + refused);
  });
});

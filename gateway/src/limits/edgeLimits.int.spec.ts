import { eventually, infra, testNamespace } from '@caregraph/testing';
import { InMemoryPubSub } from '@caregraph/shared';
import type { Client, ExecutionResult } from 'graphql-ws';
import Redis from 'ioredis';
import WebSocket from 'ws';
import type { RunningGateway } from '../index';
import {
  AUDIENCE, ISSUER, SECRET, activeSubscriptions, collect, post, refusalOf, startAccounts, startFixtureGateway, token, wsClient, wsQuery,
} from '../__tests__/edgeFixture';

const auth = { jwtSecret: SECRET, issuer: ISSUER, audience: AUDIENCE };

/** Opens a raw graphql-ws socket; resolves once open, or with the refused upgrade's HTTP status. */
function rawSocket(gateway: RunningGateway, headers: Record<string, string> = {}): Promise<{ socket?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(gateway.url.replace('http', 'ws'), 'graphql-transport-ws', { headers });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode }));
    socket.once('error', () => resolve({}));
  });
}

describe('edge limits', () => {
  let accounts: Awaited<ReturnType<typeof startAccounts>>;
  let redis: Redis;
  /** Trusts loopback proxies: X-Forwarded-For names the client. */
  let proxied: RunningGateway;
  let proxiedPrefix: string;
  /** Trusts no proxy: every request from here is 127.0.0.1, whatever X-Forwarded-For says. */
  let direct: RunningGateway;
  /** Default limits. */
  let standard: RunningGateway;
  let standardPrefix: string;
  const clients: Client[] = [];
  const sockets: WebSocket[] = [];
  const client = (...args: Parameters<typeof wsClient>) => {
    const created = wsClient(...args);
    clients.push(created);
    return created;
  };
  const raw = async (gateway: RunningGateway, headers?: Record<string, string>) => {
    const opened = await rawSocket(gateway, headers);
    if (opened.socket) sockets.push(opened.socket);
    return opened;
  };
  const ping = (gateway: RunningGateway, headers: Record<string, string> = {}) => post(gateway, '{ ping }', headers);

  beforeAll(async () => {
    const { redisUrl } = await infra();
    redis = new Redis(redisUrl);
    accounts = await startAccounts();
    proxiedPrefix = testNamespace('edge-proxied');
    proxied = await startFixtureGateway(accounts.url, {
      auth, redisUrl, channelPrefix: proxiedPrefix, trustedProxies: ['loopback'],
      rateLimits: { operationsPerUser: 3, operationsPerIp: 6, connectionsPerIp: 2 },
    });
    direct = await startFixtureGateway(accounts.url, {
      auth, redisUrl, channelPrefix: testNamespace('edge-direct'), rateLimits: { operationsPerIp: 3, connectionsPerIp: 2 },
    });
    standardPrefix = testNamespace('edge-standard');
    standard = await startFixtureGateway(accounts.url, { auth, redisUrl, channelPrefix: standardPrefix });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await Promise.all(clients.map((created) => created.dispose()));
    await Promise.all([proxied, direct, standard].map((gateway) => gateway?.stop()));
    await accounts?.stop();
    redis?.disconnect();
  });

  it('refuses operations past the per-address limit with 429, RATE_LIMITED and retryAfter, counted in Redis', async () => {
    const client1 = { 'x-forwarded-for': '203.0.113.1' };
    for (let i = 0; i < 6; i += 1) expect((await ping(proxied, client1)).status).toBe(200);
    const refused = await ping(proxied, client1);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    const body = (await refused.json()) as ExecutionResult;
    expect(body.errors?.[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter });
    expect(await redis.keys(`${proxiedPrefix}gateway.rl.ip*203.0.113.1`)).toHaveLength(1);
    // Another client behind the trusted proxy has its own budget.
    const other = await ping(proxied, { 'x-forwarded-for': '203.0.113.2' });
    expect(await other.json()).toEqual({ data: { ping: 'pong' } });
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    for (let i = 0; i < 3; i += 1) expect((await ping(direct, { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(200);
    expect((await ping(direct, { 'x-forwarded-for': '198.51.100.99' })).status).toBe(429);
  });

  it('refuses operations past the per-user limit, over HTTP and over websockets', async () => {
    const bearer = `Bearer ${await token('u30')}`;
    const headers = { authorization: bearer, 'x-forwarded-for': '203.0.113.30' };
    for (let i = 0; i < 3; i += 1) expect((await ping(proxied, headers)).status).toBe(200);
    const refused = await ping(proxied, { ...headers, 'x-forwarded-for': '203.0.113.31' });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as ExecutionResult).errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    // The same user on a socket from yet another address: still over its limit.
    const socket = client(proxied, `Bearer ${await token('u30')}`, { 'x-forwarded-for': '203.0.113.32' });
    const overWs = await wsQuery(socket, '{ ping }');
    expect(overWs.refused?.[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    // Another user from that address is served.
    const fresh = client(proxied, `Bearer ${await token('u31')}`, { 'x-forwarded-for': '203.0.113.32' });
    expect(await wsQuery(fresh, '{ ping }')).toEqual({ data: { ping: 'pong' } });
  });

  it('counts operations over websockets against the address too', async () => {
    const socket = client(proxied, undefined, { 'x-forwarded-for': '203.0.113.40' });
    for (let i = 0; i < 6; i += 1) expect(await wsQuery(socket, '{ ping }')).toEqual({ data: { ping: 'pong' } });
    expect((await wsQuery(socket, '{ ping }')).refused?.[0].extensions?.code).toBe('RATE_LIMITED');
  });

  it('refuses the 51st subscription of a socket with SUBSCRIPTION_LIMIT, and frees a place when one ends', async () => {
    const socket = client(standard, `Bearer ${await token('u40')}`);
    const query = 'subscription { userEvents(userId: "u40") { id } }';
    const subscriptions = Array.from({ length: 50 }, () => collect(socket, query));
    await eventually(async () => (await activeSubscriptions(standard)) === 50);
    const refused = collect(socket, query);
    await eventually(() => refused.state.error !== undefined);
    expect(refusalOf(refused.state)).toEqual({ code: 'SUBSCRIPTION_LIMIT' });
    expect(subscriptions.every((subscription) => subscription.state.error === undefined)).toBe(true);

    subscriptions[0].dispose();
    const replacement = collect(socket, query);
    // Published until the replacement is live (it subscribes asynchronously).
    await eventually(async () => {
      await redis.publish(`${standardPrefix}users.u40`, JSON.stringify({ id: 'e1', userId: 'u40' }));
      return replacement.results.length > 0 || replacement.state.error !== undefined;
    });
    expect(replacement.results[0]).toEqual({ data: { userEvents: { id: 'e1' } } });
    expect(await wsQuery(socket, '{ ping }')).toEqual({ data: { ping: 'pong' } });
    await eventually(async () => (await activeSubscriptions(standard)) === 50);
  });

  it('closes a socket that sends a message over 1 MB with 1009', async () => {
    const { socket } = await raw(standard);
    const closed = new Promise<number>((resolve) => socket!.once('close', resolve));
    socket!.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(5 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
    expect((await ping(standard)).status).toBe(200);
  });

  it('refuses websocket connections past the per-address limit with HTTP 429 until one closes', async () => {
    const first = await raw(direct);
    const second = await raw(direct);
    expect(first.socket && second.socket).toBeTruthy();
    expect((await raw(direct, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);
    first.socket!.close();
    await eventually(async () => {
      const again = await raw(direct);
      return again.socket !== undefined;
    });
    // Behind a trusted proxy each forwarded client has its own count.
    const forwarded = await Promise.all(['203.0.113.50', '203.0.113.51', '203.0.113.52'].map((ip) => raw(proxied, { 'x-forwarded-for': ip })));
    expect(forwarded.every((opened) => opened.socket)).toBe(true);
    expect((await raw(proxied, { 'x-forwarded-for': '203.0.113.50' })).socket).toBeDefined();
    expect((await raw(proxied, { 'x-forwarded-for': '203.0.113.50' })).status).toBe(429);
  });

  it('counts Server-Sent Events streams against the per-address connection limit, freeing a place when one ends', async () => {
    const limited = await startFixtureGateway(accounts.url, { auth, redisUrl: (await infra()).redisUrl, channelPrefix: testNamespace('edge-sse'), rateLimits: { connectionsPerIp: 2 } });
    const streams: AbortController[] = [];
    const open = async (userId: string) => {
      const abort = new AbortController();
      streams.push(abort);
      const response = await fetch(limited.url, {
        method: 'POST',
        signal: abort.signal,
        headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${await token(userId)}` },
        body: JSON.stringify({ query: 'subscription($u: ID!) { userEvents(userId: $u) { id } }', variables: { u: userId } }),
      });
      return { status: response.status, abort };
    };
    try {
      const [first, second] = [await open('sse-1'), await open('sse-2')];
      expect([first.status, second.status]).toEqual([200, 200]);
      await eventually(async () => expect(await activeSubscriptions(limited)).toBe(2));
      expect((await open('sse-3')).status).toBe(429);
      first.abort.abort();
      await eventually(async () => expect(await activeSubscriptions(limited)).toBe(1));
      await eventually(async () => expect((await open('sse-4')).status).toBe(200));
    } finally {
      for (const stream of streams) stream.abort();
      await limited.stop();
    }
  });

  it('counts in memory when the gateway has no Redis', async () => {
    const pubsub = new InMemoryPubSub();
    const embedded = await startFixtureGateway(accounts.url, { auth, eventSource: pubsub, rateLimits: { operationsPerIp: 2 } });
    try {
      expect((await ping(embedded)).status).toBe(200);
      expect((await ping(embedded)).status).toBe(200);
      expect((await ping(embedded)).status).toBe(429);
    } finally {
      await embedded.stop();
      await pubsub.close();
    }
  });
});

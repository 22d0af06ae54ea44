import { InMemoryPubSub } from '@caregraph/shared';
import { eventually } from '@caregraph/testing';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { startGateway, type GatewayOptions, type RunningGateway } from '../index';
import { startFixtureSubgraphs } from '../testing/startFixtureSubgraphs';

type Body = ExecutionResult & { errors?: { message: string; extensions?: Record<string, unknown> }[] };

// Slow enough that every concurrent copy of a request reaches the subgraph step while the first is still in flight.
const DETAIL_DELAY_MS = 150;
const QUERY = '{ caller(ms: 300) items { id name detail seenBy } }';
const answerFor = (authorization: string) => ({
  data: {
    caller: authorization,
    items: ['1', '2'].map((id) => ({ id, name: `Item ${id}`, detail: `Detail of ${id}`, seenBy: `${id} for ${authorization}` })),
  },
});

describe('in-flight deduplication of subgraph fetches', () => {
  let fixtures: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let pubsub: InMemoryPubSub;
  let on: RunningGateway;
  let off: RunningGateway;
  let narrow: RunningGateway;
  const clients: Client[] = [];

  const post = async (gateway: RunningGateway, query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) => {
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as Body;
  };
  const times = <T>(count: number, make: (index: number) => Promise<T>) => Promise.all(Array.from({ length: count }, (_, index) => make(index)));
  const fetchesDuring = async <T>(run: () => Promise<T>) => {
    const before = { catalog: fixtures.seen.catalog.requests, details: fixtures.seen.details.requests, broken: fixtures.seen.broken.requests };
    const result = await run();
    const after = fixtures.seen;
    return { result, catalog: after.catalog.requests - before.catalog, details: after.details.requests - before.details, broken: after.broken.requests - before.broken };
  };
  const deduplicated = async (subgraph: string) => {
    const text = await (await fetch(on.metricsUrl!)).text();
    const line = text.split('\n').find((entry) => entry.startsWith(`gateway_deduplicated_fetches_total{subgraph="${subgraph}"}`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  beforeAll(async () => {
    fixtures = await startFixtureSubgraphs({ detailDelayMs: DETAIL_DELAY_MS, hangUpAfterMs: 300 });
    pubsub = new InMemoryPubSub();
    const common: GatewayOptions = {
      supergraphSdl: fixtures.supergraphSdl,
      subgraphUrls: fixtures.subgraphUrls,
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      production: false,
      subgraphCredential: { secret: 'subgraph-secret-for-tests-0123456789abcdef' },
    };
    on = await startGateway({
      ...common,
      metricsPort: 0,
      trustedProxies: ['loopback'],
      eventSource: pubsub,
      subscriptions: { itemChanged: { channel: 'items', result: { __typename: 'Item', id: '$event.id' }, shareExecution: 'off' } },
    });
    off = await startGateway({ ...common, limits: { dedupeFetches: false } });
    narrow = await startGateway({ ...common, limits: { maxConcurrentFetches: 1 } });
    // Plans are computed once per query; warm them so every copy below starts its fetches at once.
    for (const gateway of [on, off, narrow]) await post(gateway, QUERY, { authorization: 'Bearer warm-up' });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await Promise.all([on, off, narrow].map((gateway) => gateway?.stop()));
    await pubsub?.close();
    await fixtures?.stop();
  });

  it('sends five identical concurrent queries with one token to each subgraph once, and gives each request the whole answer', async () => {
    const sharedBefore = { catalog: await deduplicated('catalog'), details: await deduplicated('details') };
    const { result, catalog, details } = await fetchesDuring(() => times(5, () => post(on, QUERY, { authorization: 'Bearer same' })));
    expect(catalog).toBe(1);
    expect(details).toBe(1);
    for (const body of result) expect(body).toEqual(answerFor('Bearer same'));
    expect(await deduplicated('catalog')).toBe(sharedBefore.catalog + 4);
    expect(await deduplicated('details')).toBe(sharedBefore.details + 4);
  });

  it('never shares an answer between different Authorization headers: one fetch per credential, each answer its own', async () => {
    const tokens = ['Bearer alice', 'Bearer bob', 'Bearer carol'];
    const { result, catalog, details } = await fetchesDuring(() => times(6, (index) => post(on, QUERY, { authorization: tokens[index % 3] })));
    expect(catalog).toBe(3);
    expect(details).toBe(3);
    result.forEach((body, index) => expect(body).toEqual(answerFor(tokens[index % 3])));
  });

  it('does not share between client addresses (x-forwarded-for) either', async () => {
    const addresses = ['203.0.113.1', '203.0.113.2'];
    const { result, catalog } = await fetchesDuring(() =>
      times(4, (index) => post(on, QUERY, { authorization: 'Bearer same', 'x-forwarded-for': addresses[index % 2] })));
    expect(catalog).toBe(2);
    for (const body of result) expect(body).toEqual(answerFor('Bearer same'));
  });

  it('never shares between different variables: one fetch per value, each answer its own', async () => {
    const query = 'query Item($id: ID!) { caller(ms: 300) item(id: $id) { id seenBy } }';
    await post(on, query, { authorization: 'Bearer warm-up' }, { id: '0' });
    const ids = ['1', '2'];
    const { result, catalog } = await fetchesDuring(() => times(4, (index) => post(on, query, { authorization: 'Bearer same' }, { id: ids[index % 2] })));
    expect(catalog).toBe(2);
    result.forEach((body, index) => {
      const id = ids[index % 2];
      expect(body).toEqual({ data: { caller: 'Bearer same', item: { id, seenBy: `${id} for Bearer same` } } });
    });
  });

  it('never deduplicates mutations', async () => {
    const { result, catalog } = await fetchesDuring(() => times(3, () => post(on, 'mutation { touch(ms: 200) }', { authorization: 'Bearer same' })));
    expect(catalog).toBe(3);
    expect(new Set(result.map((body) => (body.data as { touch: number }).touch)).size).toBe(3);
  });

  it('fails every request waiting on a failed shared fetch, each with a masked error under its own correlation id', async () => {
    const { result, broken } = await fetchesDuring(() =>
      times(4, (index) => post(on, '{ brokenField }', { authorization: 'Bearer same', 'x-correlation-id': `shared-failure-${index}` })));
    expect(broken).toBe(1);
    result.forEach((body, index) => {
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|socket|other side closed|stack/);
      expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: `shared-failure-${index}` } })]);
    });
  });

  it('shares nothing with dedupeFetches: false', async () => {
    const { result, catalog, details } = await fetchesDuring(() => times(3, () => post(off, QUERY, { authorization: 'Bearer same' })));
    expect(catalog).toBe(3);
    expect(details).toBe(3);
    for (const body of result) expect(body).toEqual(answerFor('Bearer same'));
  });

  it('completes with one fetch slot per request while requests wait on each other\'s fetches in opposite orders', async () => {
    const forward = '{ a: item(id: "1") { seenBy } b: item(id: "2") { seenBy } }';
    const backward = '{ b: item(id: "2") { seenBy } a: item(id: "1") { seenBy } }';
    const expected = { data: { a: { seenBy: '1 for Bearer same' }, b: { seenBy: '2 for Bearer same' } } };
    const bodies = await times(6, (index) => post(narrow, index % 2 ? backward : forward, { authorization: 'Bearer same' }));
    for (const body of bodies) expect(body).toEqual(expected);
  });

  it("shares a subscription's per-event fetch between subscribers with one token, not across tokens", async () => {
    const subscribe = (authorization: string) => {
      const client = createClient({ url: on.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization } });
      clients.push(client);
      const received: unknown[] = [];
      client.subscribe({ query: 'subscription { itemChanged { id seenBy } }' }, { next: (value) => received.push(value), error: () => undefined, complete: () => undefined });
      return received;
    };
    const streams = [subscribe('Bearer same'), subscribe('Bearer same'), subscribe('Bearer other')];
    // graphql-subscriptions' PubSub listens on an EventEmitter once a stream pulls its first event.
    const listeners = () => (pubsub as unknown as { pubsub: { ee: { listenerCount(name: string): number } } }).pubsub.ee.listenerCount('items');
    await eventually(() => listeners() === 3);
    const { details } = await fetchesDuring(async () => {
      await pubsub.publish('items', { id: 'ev1' });
      await eventually(() => streams.every((received) => received.length === 1));
    });
    expect(details).toBe(2);
    expect(streams.map((received) => received[0])).toEqual([
      { data: { itemChanged: { id: 'ev1', seenBy: 'ev1 for Bearer same' } } },
      { data: { itemChanged: { id: 'ev1', seenBy: 'ev1 for Bearer same' } } },
      { data: { itemChanged: { id: 'ev1', seenBy: 'ev1 for Bearer other' } } },
    ]);
  });
});

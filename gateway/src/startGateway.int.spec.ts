import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { eventually, infra, testNamespace } from '@caregraph/testing';
import { GraphQLError, parse } from 'graphql';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import Redis from 'ioredis';
import { jwtVerify, SignJWT } from 'jose';
import WebSocket from 'ws';
import { startGateway, type RunningGateway, type SubscriptionFieldConfig } from './index';

const SECRET = 'test-secret-with-enough-length-1234';
const key = new TextEncoder().encode(SECRET);
const tokenFor = (sub: string) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setExpirationTime('5m').sign(key);

const ACCOUNTS = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type User @key(fields: "id") { id: ID! name: String! }
  type Query { user(id: ID!): User }
`;
const LIVE = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type User @key(fields: "id", resolvable: false) { id: ID! }
  type UserEvent { id: ID! type: String! user: User! }
  type Subscription { userEvents(userId: ID!, types: [String!]): UserEvent! }
`;

const USER_EVENTS: SubscriptionFieldConfig = {
  authorize: { query: 'query AuthorizeUserEvents($userId: ID!) { user(id: $userId) { id } }', require: 'user.id' },
  channel: 'users.{auth.user.id}',
  filter: [{ event: 'type', matchesArg: 'types' }],
  result: { __typename: 'UserEvent', id: '$event.id', type: '$event.type', user: { $if: '$event.userId', __typename: 'User', id: '$event.userId' } },
};

/** The fixture owner of User: a caller sees only themselves, and only with a valid token. */
async function caller(authorization: string | undefined): Promise<string | undefined> {
  if (!authorization) return undefined;
  try {
    return (await jwtVerify(authorization.replace(/^Bearer /, ''), key)).payload.sub;
  } catch {
    return undefined;
  }
}
const forbidden = () => new GraphQLError('Not your account', { extensions: { code: 'FORBIDDEN' } });

async function startAccounts() {
  const server = new ApolloServer<{ sub?: string }>({
    schema: buildSubgraphSchema([{
      typeDefs: parse(ACCOUNTS),
      resolvers: {
        Query: { user: (_: unknown, { id }: { id: string }, { sub }: { sub?: string }) => { if (sub !== id) throw forbidden(); return { id }; } },
        User: {
          __resolveReference: (ref: { id: string }, { sub }: { sub?: string }) => { if (!sub) throw forbidden(); return ref; },
          name: (user: { id: string }) => `Name of ${user.id}`,
        },
      } as GraphQLResolverMap<{ sub?: string }>,
    }]),
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ sub: await caller(req.headers.authorization) }),
  });
  return { url, stop: () => server.stop() };
}

function collect(client: Client, query: string) {
  const results: ExecutionResult[] = [];
  const state: { error?: unknown; complete: boolean } = { complete: false };
  const dispose = client.subscribe({ query }, {
    next: (value) => results.push(value as ExecutionResult),
    error: (error) => { state.error = error; },
    complete: () => { state.complete = true; },
  });
  return { results, state, dispose };
}

describe('startGateway', () => {
  let accounts: Awaited<ReturnType<typeof startAccounts>>;
  let gateway: RunningGateway;
  let redis: Redis;
  let prefix: string;
  const clients: Client[] = [];

  const wsClient = (authorization?: string) => {
    const client = createClient({
      url: gateway.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: authorization ? { authorization } : {},
      retryAttempts: 0,
    });
    clients.push(client);
    return client;
  };
  /** The gateway's own count of live subscriptions (counted once their channel is live). */
  const active = async () =>
    (await (await fetch(gateway.url.replace('/graphql', '/metrics'))).text())
      .split('\n')
      .filter((line) => line.startsWith('gateway_active_subscriptions{'))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  const numsub = async (channel: string) => Number(((await redis.pubsub('NUMSUB', channel)) as [string, number])[1]);
  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

  beforeAll(async () => {
    const { redisUrl } = await infra();
    redis = new Redis(redisUrl);
    prefix = testNamespace('gateway');
    accounts = await startAccounts();
    const composition = composeServices([
      { name: 'accounts', typeDefs: parse(ACCOUNTS), url: 'http://127.0.0.1:1/wrong' },
      { name: 'live', typeDefs: parse(LIVE), url: 'http://127.0.0.1:1/never-called' },
    ]);
    if (composition.errors) throw composition.errors[0];
    gateway = await startGateway({
      supergraphSdl: composition.supergraphSdl,
      port: 0,
      host: '127.0.0.1',
      subgraphUrls: { ACCOUNTS: accounts.url },
      auth: { jwtSecret: SECRET },
      subscriptions: { userEvents: USER_EVENTS },
      redisUrl,
      channelPrefix: prefix,
      logLevel: 'warn',
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await gateway?.stop();
    await accounts?.stop();
    redis?.disconnect();
  });

  it('serves queries over HTTP with the caller token forwarded to the subgraph', async () => {
    const allowed = await post('{ user(id: "u1") { name } }', { authorization: `Bearer ${await tokenFor('u1')}` });
    expect(await allowed.json()).toEqual({ data: { user: { name: 'Name of u1' } } });
    const refused = (await (await post('{ user(id: "u1") { name } }')).json()) as ExecutionResult;
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('answers an invalid token with UNAUTHENTICATED', async () => {
    const response = await post('{ user(id: "u1") { name } }', { authorization: 'Bearer not-a-jwt' });
    expect(response.status).toBe(401);
    const body = (await response.json()) as ExecutionResult;
    expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('streams filtered events with fields resolved from another subgraph per event', async () => {
    const channel = `${prefix}users.u1`;
    const subscription = collect(wsClient(`Bearer ${await tokenFor('u1')}`),
      'subscription { userEvents(userId: "u1", types: ["profile.*"]) { kind: type user { id name } } }');
    await eventually(async () => (await active()) === 1);
    expect(await numsub(channel)).toBe(1);

    await redis.publish(channel, JSON.stringify({ id: 'e1', type: 'login', userId: 'u1' }));
    await redis.publish(channel, JSON.stringify({ id: 'e2', type: 'profile.updated', userId: 'u1' }));
    await eventually(() => subscription.results.length === 1);
    expect(subscription.results[0]).toEqual({ data: { userEvents: { kind: 'profile.updated', user: { id: 'u1', name: 'Name of u1' } } } });

    subscription.dispose();
    await eventually(async () => (await numsub(channel)) === 0);
  });

  it('refuses an unauthorised subscriber with FORBIDDEN before any event', async () => {
    const subscription = collect(wsClient(`Bearer ${await tokenFor('u2')}`), 'subscription { userEvents(userId: "u1") { id } }');
    await eventually(() => subscription.state.error !== undefined);
    const [error] = subscription.state.error as GraphQLError[];
    expect(error.extensions?.code).toBe('FORBIDDEN');
    expect(subscription.results).toEqual([]);
    expect(await numsub(`${prefix}users.u1`)).toBe(0);
  });

  it('rejects a subscription that does not select exactly one configured field', async () => {
    const subscription = collect(wsClient(`Bearer ${await tokenFor('u1')}`), 'subscription { __typename }');
    await eventually(() => subscription.state.error !== undefined);
    expect(subscription.results).toEqual([]);
  });

  it('answers /health, /ready and /metrics', async () => {
    const base = gateway.url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('gateway_operations_total');
    expect(metrics).toMatch(/gateway_subscription_events_total\{field="userEvents",outcome="delivered"\} 1/);
    expect(metrics).toMatch(/gateway_subscription_events_total\{field="userEvents",outcome="filtered"\} 1/);
  });
});

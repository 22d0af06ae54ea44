import { randomUUID } from 'node:crypto';
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
const tokenFor = (sub: string) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setJti(randomUUID()).setExpirationTime('5m').sign(key);

const ACCOUNTS = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type User @key(fields: "id") { id: ID! name: String! }
  type LogEntry { id: ID! type: String! userId: ID! sequence: Int! cursor: String! }
  type LogEdge { node: LogEntry! }
  type LogPageInfo { hasNextPage: Boolean! endCursor: String }
  type LogPage { edges: [LogEdge!]! pageInfo: LogPageInfo! }
  type Query { user(id: ID!): User  userLog(userId: ID!, after: String): LogPage! }
`;
const LIVE = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type User @key(fields: "id", resolvable: false) { id: ID! }
  type UserEvent { id: ID! type: String! user: User! }
  type Announcement { id: ID! text: String! }
  type Subscription {
    announcements: Announcement!
    userEvents(userId: ID!, types: [String!]): UserEvent!
    userLog(userId: ID!, after: String): UserEvent!
    accountLog(account: ID!): UserEvent!
  }
`;

const USER_EVENTS: SubscriptionFieldConfig = {
  authorize: { query: 'query AuthorizeUserEvents($userId: ID!) { user(id: $userId) { id } }', require: 'user.id' },
  channel: 'users.{auth.user.id}',
  filter: [{ event: 'type', matchesArg: 'types' }],
  result: { __typename: 'UserEvent', id: '$event.id', type: '$event.type', user: { $if: '$event.userId', __typename: 'User', id: '$event.userId' } },
};

/** A channel every signed-in user may hear; its selection needs no subgraph. */
const ANNOUNCEMENTS: SubscriptionFieldConfig = {
  channel: 'announcements',
  result: { __typename: 'Announcement', id: '$event.id', text: '$event.text' },
};

/** How often the fixture resolved each User reference (one per event execution that selects it). */
const fetchesOf = new Map<string, number>();

/** The fixture's event store behind `userLog`: entries per user, read back two per page. */
const LOG_PAGE = 2;
const logs = new Map<string, { id: string; type: string; userId: string; sequence: number; cursor: string }[]>();
const logState = { failing: false };
const logEntry = (userId: string, sequence: number) => ({ id: `${userId}-e${sequence}`, type: 'profile.updated', userId, sequence, cursor: `cursor-${sequence}` });
function storeLog(userId: string, upTo: number) {
  logs.set(userId, Array.from({ length: upTo }, (_, index) => logEntry(userId, index + 1)));
}
function readLog(userId: string, after: string | null) {
  if (logState.failing) throw new GraphQLError('The log store is down', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  if (after !== null && !/^cursor-\d+$/.test(after)) throw new GraphQLError('after is not a valid cursor.', { extensions: { code: 'BAD_USER_INPUT' } });
  const from = after ? Number(after.slice('cursor-'.length)) : 0;
  const entries = (logs.get(userId) ?? []).filter((entry) => entry.sequence > from);
  const page = entries.slice(0, LOG_PAGE);
  return { edges: page.map((node) => ({ node })), pageInfo: { hasNextPage: entries.length > LOG_PAGE, endCursor: page.at(-1)?.cursor ?? after } };
}

const USER_LOG: SubscriptionFieldConfig = {
  authorize: USER_EVENTS.authorize,
  channel: 'log.{auth.user.id}',
  shareExecution: 'subject',
  result: { __typename: 'UserEvent', id: '$event.id', type: '$event.type', user: { __typename: 'User', id: '$event.userId' } },
  sequence: {
    event: 'sequence',
    cursor: 'cursor',
    resumeArg: 'after',
    replay: {
      query: 'query ReplayUserLog($userId: ID!, $after: String) { userLog(userId: $userId, after: $after) { edges { node { id type userId sequence cursor } } pageInfo { hasNextPage endCursor } } }',
      connection: 'userLog',
    },
  },
};

/** The same log under another argument name: the replay's `$userId` comes from the authorize result. */
const ACCOUNT_LOG: SubscriptionFieldConfig = {
  authorize: { query: 'query AuthorizeAccountLog($account: ID!) { user(id: $account) { id } }', require: 'user.id' },
  channel: 'log.{auth.user.id}',
  result: USER_LOG.result,
  sequence: { ...USER_LOG.sequence!, resumeArg: undefined, idleRecheckSeconds: 0.2, replay: { ...USER_LOG.sequence!.replay, variables: { userId: '{auth.user.id}' } } },
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
        Query: {
          user: (_: unknown, { id }: { id: string }, { sub }: { sub?: string }) => { if (sub !== id) throw forbidden(); return { id }; },
          userLog: (_: unknown, { userId, after }: { userId: string; after: string | null }, { sub }: { sub?: string }) => {
            if (sub !== userId) throw forbidden();
            return readLog(userId, after);
          },
        },
        User: {
          __resolveReference: (ref: { id: string }, { sub }: { sub?: string }) => {
            if (!sub) throw forbidden();
            fetchesOf.set(ref.id, (fetchesOf.get(ref.id) ?? 0) + 1);
            return ref;
          },
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
    (await (await fetch(gateway.metricsUrl!)).text())
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
      subscriptions: { userEvents: USER_EVENTS, userLog: USER_LOG, accountLog: ACCOUNT_LOG, announcements: ANNOUNCEMENTS },
      redisUrl,
      channelPrefix: prefix,
      logLevel: 'warn',
      metricsPort: 0,
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

  it('runs one execution per event for subscribers with the same operation and the same token', async () => {
    const channel = `${prefix}users.u3`;
    const token = `Bearer ${await tokenFor('u3')}`;
    const query = 'subscription { userEvents(userId: "u3") { id user { name } } }';
    const subscribers = [collect(wsClient(token), query), collect(wsClient(token), query), collect(wsClient(`Bearer ${await tokenFor('u3')}`), query)];
    await eventually(async () => (await numsub(channel)) === 1 && (await active()) === 3);

    await redis.publish(channel, JSON.stringify({ id: 'e1', type: 'login', userId: 'u3' }));
    await eventually(() => subscribers.every((subscriber) => subscriber.results.length === 1));
    for (const subscriber of subscribers) expect(subscriber.results[0]).toEqual({ data: { userEvents: { id: 'e1', user: { name: 'Name of u3' } } } });
    // The two with one token shared an execution; the third token got its own.
    expect(fetchesOf.get('u3')).toBe(2);
    const metrics = await (await fetch(gateway.metricsUrl!)).text();
    expect(metrics).toMatch(/gateway_subscription_shared_executions_total\{field="userEvents"\} 1/);
    for (const subscriber of subscribers) subscriber.dispose();
    await eventually(async () => (await numsub(channel)) === 0);
  });

  it('executes a selection the event alone answers once per event for every subscriber, whatever their tokens', async () => {
    const channel = `${prefix}announcements`;
    const query = 'subscription { announcements { id text } }';
    const subscribers = await Promise.all(['a1', 'a2', 'a3'].map(async (user) => collect(wsClient(`Bearer ${await tokenFor(user)}`), query)));
    const other = collect(wsClient(`Bearer ${await tokenFor('a4')}`), 'subscription { announcements { text } }');
    await eventually(async () => (await numsub(channel)) === 1 && (await active()) === 4);

    await redis.publish(channel, JSON.stringify({ id: 'n1', text: 'Welcome' }));
    await eventually(() => [...subscribers, other].every((subscriber) => subscriber.results.length === 1));
    for (const subscriber of subscribers) expect(subscriber.results[0]).toEqual({ data: { announcements: { id: 'n1', text: 'Welcome' } } });
    // Another selection is another execution: it gets only what it asked for.
    expect(other.results[0]).toEqual({ data: { announcements: { text: 'Welcome' } } });
    const metrics = await (await fetch(gateway.metricsUrl!)).text();
    expect(metrics).toMatch(/gateway_subscription_shared_executions_total\{field="announcements"\} 2/);
    for (const subscriber of [...subscribers, other]) subscriber.dispose();
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

  describe('a sequenced field', () => {
    const publish = (userId: string, sequence: number) => redis.publish(`${prefix}log.${userId}`, JSON.stringify(logEntry(userId, sequence)));
    const ids = (results: ExecutionResult[]) => results.map((result) => (result.data as { userLog: { id: string } }).userLog.id);

    it('reads a gap back from the store, in order, and drops what was already delivered', async () => {
      storeLog('u5', 4);
      const subscription = collect(wsClient(`Bearer ${await tokenFor('u5')}`), 'subscription { userLog(userId: "u5") { id user { name } } }');
      await eventually(async () => (await numsub(`${prefix}log.u5`)) === 1);
      await publish('u5', 1);
      await eventually(() => subscription.results.length === 1);
      await publish('u5', 4); // 2 and 3 were never announced
      await publish('u5', 2); // late
      storeLog('u5', 5);
      await publish('u5', 5);
      await eventually(() => subscription.results.length === 5);
      expect(ids(subscription.results)).toEqual(['u5-e1', 'u5-e2', 'u5-e3', 'u5-e4', 'u5-e5']);
      expect(subscription.results[2]).toEqual({ data: { userLog: { id: 'u5-e3', user: { name: 'Name of u5' } } } });
      const metrics = await (await fetch(gateway.metricsUrl!)).text();
      // One page of two (2 and 3) filled the gap; 4 itself was delivered live.
      expect(metrics).toMatch(/gateway_subscription_replayed_events_total\{field="userLog"\} 2/);
      expect(metrics).toMatch(/gateway_subscription_events_total\{field="userLog",outcome="duplicate"\} 1/);
      subscription.dispose();
    });

    it("with shareExecution 'subject', shares one execution among one user's different tokens", async () => {
      storeLog('u9', 1);
      const query = 'subscription { userLog(userId: "u9") { id user { name } } }';
      const subscribers = [collect(wsClient(`Bearer ${await tokenFor('u9')}`), query), collect(wsClient(`Bearer ${await tokenFor('u9')}`), query)];
      await eventually(async () => (await numsub(`${prefix}log.u9`)) === 1 && (await active()) === 2);
      await publish('u9', 1);
      await eventually(() => subscribers.every((subscriber) => subscriber.results.length === 1));
      for (const subscriber of subscribers) expect(subscriber.results[0]).toEqual({ data: { userLog: { id: 'u9-e1', user: { name: 'Name of u9' } } } });
      expect(fetchesOf.get('u9')).toBe(1);
      for (const subscriber of subscribers) subscriber.dispose();
      await eventually(async () => (await numsub(`${prefix}log.u9`)) === 0);
    });

    it('fills a gap with replay variables taken from the authorize result', async () => {
      storeLog('u10', 3);
      const subscription = collect(wsClient(`Bearer ${await tokenFor('u10')}`), 'subscription { accountLog(account: "u10") { id } }');
      await eventually(async () => (await numsub(`${prefix}log.u10`)) === 1);
      await publish('u10', 1);
      await publish('u10', 3);
      await eventually(() => subscription.results.length === 3);
      expect(subscription.results.map((result) => (result.data as { accountLog: { id: string } }).accountLog.id)).toEqual(['u10-e1', 'u10-e2', 'u10-e3']);
      subscription.dispose();
    });

    it('reads back an event whose announcement was lost while the channel stays quiet', async () => {
      storeLog('u11', 2);
      const subscription = collect(wsClient(`Bearer ${await tokenFor('u11')}`), 'subscription { accountLog(account: "u11") { id } }');
      await eventually(async () => (await numsub(`${prefix}log.u11`)) === 1);
      await publish('u11', 1); // 2 is stored but never announced
      await eventually(() => subscription.results.length === 2);
      expect(subscription.results.map((result) => (result.data as { accountLog: { id: string } }).accountLog.id)).toEqual(['u11-e1', 'u11-e2']);
      subscription.dispose();
    });

    it('resumes after a cursor: replays the rest of the store, then goes live', async () => {
      storeLog('u6', 5);
      const subscription = collect(wsClient(`Bearer ${await tokenFor('u6')}`), 'subscription { userLog(userId: "u6", after: "cursor-2") { id } }');
      await eventually(() => subscription.results.length === 3);
      expect(ids(subscription.results)).toEqual(['u6-e3', 'u6-e4', 'u6-e5']);
      await publish('u6', 5); // stored before the subscriber came back, announced after: not twice
      storeLog('u6', 6);
      await publish('u6', 6);
      await eventually(() => subscription.results.length === 4);
      expect(ids(subscription.results)).toEqual(['u6-e3', 'u6-e4', 'u6-e5', 'u6-e6']);
      subscription.dispose();
    });

    it("refuses a bad cursor with the store's code; a read-back failing later ends the stream", async () => {
      const refused = collect(wsClient(`Bearer ${await tokenFor('u8')}`), 'subscription { userLog(userId: "u8", after: "nonsense") { id } }');
      await eventually(() => refused.state.error !== undefined);
      expect((refused.state.error as GraphQLError[])[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await numsub(`${prefix}log.u8`)).toBe(0);

      storeLog('u8', 3);
      const subscription = collect(wsClient(`Bearer ${await tokenFor('u8')}`), 'subscription { userLog(userId: "u8") { id } }');
      await eventually(async () => (await numsub(`${prefix}log.u8`)) === 1);
      await publish('u8', 1);
      await eventually(() => subscription.results.length === 1);
      logState.failing = true;
      try {
        await publish('u8', 3);
        await eventually(() => subscription.results.length === 2);
      } finally {
        logState.failing = false;
      }
      expect(subscription.results[1].errors?.[0].extensions).toEqual({ code: 'SUBSCRIPTION_REPLAY_FAILED', upstreamCode: 'INTERNAL_SERVER_ERROR' });
      await eventually(() => subscription.state.complete);
      await eventually(async () => (await numsub(`${prefix}log.u8`)) === 0);
    });
  });

  it('refuses to start with a subscription config that does not fit the supergraph, naming what is wrong', async () => {
    const composition = composeServices([
      { name: 'accounts', typeDefs: parse(ACCOUNTS), url: 'http://127.0.0.1:1/wrong' },
      { name: 'live', typeDefs: parse(LIVE), url: 'http://127.0.0.1:1/never-called' },
    ]);
    const { redisUrl } = await infra();
    const starting = startGateway({
      supergraphSdl: composition.supergraphSdl!,
      port: 0,
      host: '127.0.0.1',
      subgraphUrls: { ACCOUNTS: accounts.url },
      auth: { jwtSecret: SECRET },
      subscriptions: { userEvents: { ...USER_EVENTS, channel: 'users.{args.user}' }, userEvent: ANNOUNCEMENTS },
      redisUrl,
      logLevel: 'warn',
    });
    await expect(starting).rejects.toThrow(/subscriptions\.userEvents\.channel: userEvents has no argument user[\s\S]*subscriptions\.userEvent\.: the supergraph has no Subscription field userEvent/);
  });

  it('answers /health, /ready and /metrics', async () => {
    const base = gateway.url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const metrics = await (await fetch(gateway.metricsUrl!)).text();
    expect(metrics).toContain('gateway_operations_total');
    // One from the filtered stream, three from the shared-execution test.
    expect(metrics).toMatch(/gateway_subscription_events_total\{field="userEvents",outcome="delivered"\} 4/);
    expect(metrics).toMatch(/gateway_subscription_events_total\{field="userEvents",outcome="filtered"\} 1/);
  });
});

import type { IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, type Server } from 'node:net';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { GraphQLError, parse } from 'graphql';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const CATALOG = `${LINK}
  type Item @key(fields: "id") { id: ID! name: String! related: [Item!]! }
  type Query {
    item(id: ID!): Item
    items: [Item!]!
    big(kb: Int!): String
    slow(ms: Int!): String
    boom: String
    forbidden: String
    badInput: String
    rateLimited: String
    "The caller's Authorization header (or 'anonymous'), after ms."
    caller(ms: Int): String!
  }
  type Mutation { "Counts calls, after ms." touch(ms: Int): Int! }
  type Subscription { itemChanged: Item }`;
const DETAILS = `${LINK}
  type Item @key(fields: "id") { id: ID! detail: String! blob(kb: Int!): String! "Detail for the caller (Authorization)." seenBy: String! }`;
const BROKEN = `${LINK}
  type Query { brokenField: String }`;

/** What a fixture subgraph saw: request count, the most concurrent at once, the last request's headers. */
export interface Observed {
  requests: number;
  inFlight: number;
  maxInFlight: number;
  headers?: IncomingHttpHeaders;
}

const observed = (): Observed => ({ requests: 0, inFlight: 0, maxInFlight: 0 });
type Caller = { authorization?: string };
const callerOf = (context: Caller) => context.authorization ?? 'anonymous';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function serve(typeDefs: string, resolvers: GraphQLResolverMap<unknown>, seen: Observed) {
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(typeDefs), resolvers }]),
    plugins: [{
      async requestDidStart() {
        seen.requests += 1;
        seen.inFlight += 1;
        seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
        return { async willSendResponse() { seen.inFlight -= 1; } };
      },
    }],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }): Promise<Caller> => {
      seen.headers = req.headers;
      return { authorization: req.headers.authorization };
    },
  });
  return { url, stop: () => server.stop() };
}

/**
 * Three subgraphs for the gateway's hardening tests: `catalog` (items, errors with codes, big and
 * slow answers, per-caller answers, a mutation), `details` (a slow Item field, one entity fetch
 * per alias path) and `broken`, a socket that hangs up on every request (after `hangUpAfterMs`).
 */
export async function startFixtureSubgraphs(options: { detailDelayMs?: number; hangUpAfterMs?: number } = {}) {
  const seen = { catalog: observed(), details: observed(), broken: observed() };
  let touches = 0;
  const item = (id: string) => ({ id, name: `Item ${id}` });
  const catalog = await serve(CATALOG, {
    Query: {
      item: (_: unknown, { id }: { id: string }) => item(id),
      items: () => [item('1'), item('2')],
      big: (_: unknown, { kb }: { kb: number }) => 'x'.repeat(kb * 1024),
      slow: async (_: unknown, { ms }: { ms: number }) => { await sleep(ms); return 'done'; },
      boom: () => { throw new Error('connect ECONNREFUSED postgres://admin:secret@10.0.0.7:5432/catalog'); },
      forbidden: () => { throw new GraphQLError('Not your catalog', { extensions: { code: 'FORBIDDEN' } }); },
      badInput: () => { throw new GraphQLError('name is too long', { extensions: { code: 'BAD_USER_INPUT', field: 'name' } }); },
      rateLimited: () => { throw new GraphQLError('Slow down', { extensions: { code: 'RATE_LIMITED', retryAfter: 7 } }); },
      caller: async (_: unknown, { ms }: { ms?: number }, context: Caller) => { await sleep(ms ?? 0); return callerOf(context); },
    },
    Mutation: { touch: async (_: unknown, { ms }: { ms?: number }) => { touches += 1; const count = touches; await sleep(ms ?? 0); return count; } },
    Item: { related: (parent: { id: string }) => [item(`${parent.id}a`), item(`${parent.id}b`)] },
  } as GraphQLResolverMap<unknown>, seen.catalog);
  const details = await serve(DETAILS, {
    Item: {
      __resolveReference: (ref: { id: string }) => ref,
      detail: async (parent: { id: string }) => { await sleep(options.detailDelayMs ?? 0); return `Detail of ${parent.id}`; },
      blob: (_: unknown, { kb }: { kb: number }) => 'y'.repeat(kb * 1024),
      seenBy: async (parent: { id: string }, _: unknown, context: Caller) => { await sleep(options.detailDelayMs ?? 0); return `${parent.id} for ${callerOf(context)}`; },
    },
  } as GraphQLResolverMap<unknown>, seen.details);
  const hangUp: Server = createTcpServer((socket) => socket.on('data', () => {
    seen.broken.requests += 1;
    setTimeout(() => socket.destroy(), options.hangUpAfterMs ?? 0);
  }));
  await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
  const brokenUrl = `http://127.0.0.1:${(hangUp.address() as { port: number }).port}/graphql`;

  const composition = composeServices([
    { name: 'catalog', typeDefs: parse(CATALOG), url: 'http://127.0.0.1:1/catalog' },
    { name: 'details', typeDefs: parse(DETAILS), url: 'http://127.0.0.1:1/details' },
    { name: 'broken', typeDefs: parse(BROKEN), url: 'http://127.0.0.1:1/broken' },
  ]);
  if (composition.errors) throw composition.errors[0];
  return {
    supergraphSdl: composition.supergraphSdl,
    subgraphUrls: { catalog: catalog.url, details: details.url, broken: brokenUrl },
    seen,
    stop: async () => {
      await Promise.all([catalog.stop(), details.stop(), new Promise((resolve) => hangUp.close(resolve))]);
    },
  };
}

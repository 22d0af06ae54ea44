import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { GraphQLError, parse } from 'graphql';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import { decodeJwt, SignJWT } from 'jose';
import WebSocket from 'ws';
import { startGateway, type GatewayOptions, type RunningGateway, type SubscriptionFieldConfig } from '../index';

/** Fixture subgraphs, tokens and clients shared by the gateway's edge tests (auth, limits, live access). */
export const SECRET = 'edge-test-secret-with-enough-length';
export const ISSUER = 'fixture-identity';
export const AUDIENCE = 'fixture';

export function token(sub: string, claims: { iss?: string; aud?: string; exp?: number | string; secret?: string } = {}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? '5m')
    .sign(new TextEncoder().encode(claims.secret ?? SECRET));
}

/** An unsigned token (`alg: none`) with valid claims. */
export function unsignedToken(sub: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 300 })}.`;
}

/** The accounts subgraph's SDL with these User fields besides `id`. */
const accountsSdl = (userFields: string) => `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type User @key(fields: "id") { id: ID! ${userFields} }
  type Query { user(id: ID!): User  ping: String! }
`;
/** What the accounts server serves; the default supergraph exposes `name` only (reload tests compose others). */
const ACCOUNTS = accountsSdl('name: String! nickname: String!');
const LIVE = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type User @key(fields: "id", resolvable: false) { id: ID! }
  type UserEvent { id: ID! user: User! }
  type Subscription { userEvents(userId: ID!): UserEvent! }
`;

export const USER_EVENTS: SubscriptionFieldConfig = {
  authorize: { query: 'query AuthorizeUserEvents($userId: ID!) { user(id: $userId) { id } }', require: 'user.id' },
  channel: 'users.{auth.user.id}',
  result: { __typename: 'UserEvent', id: '$event.id', user: { __typename: 'User', id: '$event.userId' } },
};

/**
 * The owner of User. It trusts the forwarded token's `sub` (the gateway verified it): a caller
 * sees only themselves, never once `revoked`; `slowNames` delays resolving a user's name (ms).
 */
export const accountsState = { revoked: new Set<string>(), slowNames: new Map<string, number>(), namesStarted: 0 };

export async function startAccounts() {
  const forbidden = () => new GraphQLError('Not your account', { extensions: { code: 'FORBIDDEN' } });
  const server = new ApolloServer<{ sub?: string }>({
    schema: buildSubgraphSchema([{
      typeDefs: parse(ACCOUNTS),
      resolvers: {
        Query: {
          ping: () => 'pong',
          user: (_: unknown, { id }: { id: string }, { sub }: { sub?: string }) => {
            if (sub !== id || accountsState.revoked.has(id)) throw forbidden();
            return { id };
          },
        },
        User: {
          __resolveReference: (ref: { id: string }) => ref,
          nickname: (user: { id: string }) => `Nick of ${user.id}`,
          name: async (user: { id: string }) => {
            accountsState.namesStarted += 1;
            const delay = accountsState.slowNames.get(user.id);
            if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
            return `Name of ${user.id}`;
          },
        },
      } as GraphQLResolverMap<{ sub?: string }>,
    }]),
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => {
      const bearer = req.headers.authorization?.replace(/^Bearer /, '');
      try {
        return { sub: bearer ? decodeJwt(bearer).sub : undefined };
      } catch {
        return {};
      }
    },
  });
  return { url, stop: () => server.stop() };
}

/** The fixture's supergraph, with these User fields (default `name` only), and without the live subgraph when `live` is false. */
export function supergraphSdl(userFields = 'name: String!', live = true): string {
  const composition = composeServices([
    { name: 'accounts', typeDefs: parse(accountsSdl(userFields)), url: 'http://127.0.0.1:1/wrong' },
    ...(live ? [{ name: 'live', typeDefs: parse(LIVE), url: 'http://127.0.0.1:1/never-called' }] : []),
  ]);
  if (composition.errors) throw composition.errors[0];
  return composition.supergraphSdl;
}

/** A gateway over the fixture, quiet, on a free port of 127.0.0.1. */
export function startFixtureGateway(accountsUrl: string, options: Partial<GatewayOptions>): Promise<RunningGateway> {
  return startGateway({
    supergraphSdl: supergraphSdl(),
    port: 0,
    host: '127.0.0.1',
    subgraphUrls: { ACCOUNTS: accountsUrl },
    subscriptions: { userEvents: USER_EVENTS },
    logLevel: 'warn',
    metricsPort: 0,
    ...options,
  });
}

export function post(gateway: RunningGateway, query: string, headers: Record<string, string> = {}) {
  return fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
}

/** A graphql-ws client; `headers` go on the upgrade request (e.g. X-Forwarded-For). */
export function wsClient(gateway: RunningGateway, authorization?: string, headers: Record<string, string> = {}, lazy = true): Client & { closeCodes: number[] } {
  const closeCodes: number[] = [];
  class WithHeaders extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  const client = createClient({
    url: gateway.url.replace('http', 'ws'),
    webSocketImpl: WithHeaders,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy,
    on: { closed: (event) => closeCodes.push((event as { code: number }).code) },
  });
  return Object.assign(client, { closeCodes });
}

export function collect(client: Client, query: string) {
  const results: ExecutionResult[] = [];
  const state: { error?: unknown; complete: boolean; completedAt?: number } = { complete: false };
  const dispose = client.subscribe({ query }, {
    next: (value) => results.push(value as ExecutionResult),
    error: (error) => { state.error = error; },
    complete: () => { state.complete = true; state.completedAt = Date.now(); },
  });
  return { results, state, dispose };
}

/** The first error's extensions of a refused graphql-ws operation. */
export function refusalOf(state: { error?: unknown }): Record<string, unknown> | undefined {
  return Array.isArray(state.error) ? (state.error[0] as GraphQLError).extensions : undefined;
}

/** Runs a query or mutation over the socket: its result, or `{ refused }` with the error message's errors. */
export function wsQuery(client: Client, query: string): Promise<{ data?: unknown; errors?: unknown; refused?: { extensions?: Record<string, unknown> }[] }> {
  return new Promise((resolve, reject) => {
    client.subscribe({ query }, {
      next: (value) => resolve(value as { data?: unknown }),
      error: (error) => (Array.isArray(error) ? resolve({ refused: error as { extensions?: Record<string, unknown> }[] }) : reject(error as Error)),
      complete: () => undefined,
    });
  });
}

/** The gateway's own count of live subscriptions. */
export async function activeSubscriptions(gateway: RunningGateway): Promise<number> {
  return (await (await fetch(gateway.metricsUrl!)).text())
    .split('\n')
    .filter((line) => line.startsWith('gateway_active_subscriptions{'))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

import { gatewayHeaders } from '@caregraph/shared';
import { createTestDatabase } from '@caregraph/testing';
import pino from 'pino';
import { Client } from 'pg';
import { startIdentity, type RunningIdentity } from '../index';

// Test responses are read loosely; the assertions pin their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

export const JWT_SECRET = 'identity-test-secret';

export interface GraphQLResult<T = Loose> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string } & Record<string, unknown> }[];
}

/** A running identity subgraph on its own fresh database, plus a pg client to inspect it. */
export interface IdentityHarness {
  identity: RunningIdentity;
  databaseUrl: string;
  db: Client;
  request<T = Loose>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResult<T>>;
  /** Signs up a fresh user; returns their id, email and token. */
  signUp(displayName?: string): Promise<{ id: string; email: string; token: string }>;
  close(): Promise<void>;
}

let counter = 0;

export async function startIdentityHarness(label: string): Promise<IdentityHarness> {
  const database = await createTestDatabase(label);
  const identity = await startIdentity({ databaseUrl: database.url, port: 0, jwtSecret: JWT_SECRET, logger: pino({ level: 'silent' }) });
  const db = new Client({ connectionString: database.url });
  await db.connect();

  const request: IdentityHarness['request'] = async (query, variables, token) => {
    const response = await fetch(identity.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await gatewayHeaders('identity')), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResult<Loose>;
  };

  return {
    identity,
    databaseUrl: database.url,
    db,
    request,
    async signUp(displayName = 'Someone') {
      const email = `user${++counter}-${Date.now()}@example.org`;
      const result = await request<{ signUp: { token: string; user: { id: string } } }>(
        'mutation($input: SignUpInput!) { signUp(input: $input) { token user { id } } }',
        { input: { email, password: 'correct horse battery', displayName } },
      );
      if (!result.data) throw new Error(JSON.stringify(result.errors));
      return { id: result.data.signUp.user.id, email, token: result.data.signUp.token };
    },
    async close() {
      await db.end();
      await identity.stop();
      await database.drop();
    },
  };
}

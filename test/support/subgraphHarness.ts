import { randomUUID } from 'node:crypto';
import { signToken, type Role } from '@caregraph/shared';
import { Client } from 'pg';
import pino, { type Logger } from 'pino';
import { asGateway } from './asGateway';
import { createTestDatabase } from './infra';

/** Response data is untyped JSON; tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

export interface GraphQLResponse<T = Loose> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export interface StartedSubgraph {
  url: string;
  stop(): Promise<void>;
}

/** One subgraph running on a database of its own, with helpers to act as members. */
export interface SubgraphHarness<TRunning extends StartedSubgraph> {
  subgraph: TRunning;
  databaseUrl: string;
  db: Client;
  /** A new user with `role` in `careCircleId`; returns their id and bearer token. */
  member(careCircleId: string, role: Role): Promise<{ id: string; token: string }>;
  /** A signed-in user who belongs to no circle. */
  outsider(): Promise<{ id: string; token: string }>;
  gql<T = Loose>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export const HARNESS_JWT_SECRET = 'subgraph-harness-secret';

/**
 * Starts a subgraph with `start` on a fresh database. identity's published view
 * `identity.membership_directory` is stood in for by a plain table with the same columns, so a
 * subgraph's tests do not depend on identity's migrations.
 */
export async function startSubgraphHarness<TRunning extends StartedSubgraph>(
  label: string,
  start: (options: { databaseUrl: string; port: number; jwtSecret: string; logger: Logger }) => Promise<TRunning>,
): Promise<SubgraphHarness<TRunning>> {
  const database = await createTestDatabase(label);
  const db = new Client({ connectionString: database.url });
  await db.connect();
  await db.query('create schema if not exists identity');
  await db.query(
    'create table identity.membership_directory (user_id uuid not null, care_circle_id uuid not null, role text not null, primary key (user_id, care_circle_id))',
  );
  const subgraph = await start({ databaseUrl: database.url, port: 0, jwtSecret: HARNESS_JWT_SECRET, logger: pino({ level: 'silent' }) });

  const user = async () => {
    const id = randomUUID();
    return { id, token: await signToken({ id, email: `${id}@example.test` }, HARNESS_JWT_SECRET) };
  };

  return {
    subgraph,
    databaseUrl: database.url,
    db,
    outsider: user,
    async member(careCircleId, role) {
      const created = await user();
      await db.query('insert into identity.membership_directory values ($1, $2, $3)', [created.id, careCircleId, role]);
      return created;
    },
    async gql(query, variables = {}, token) {
      const response = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await asGateway()), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    async close() {
      await subgraph.stop();
      await db.end();
      await database.drop();
    },
  };
}

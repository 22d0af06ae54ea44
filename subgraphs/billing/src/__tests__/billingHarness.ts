import { randomUUID } from 'node:crypto';
import { createOrm, signToken, type Role } from '@caregraph/shared';
import { createTestDatabase } from '@caregraph/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import pino from 'pino';
import { billingEntities, billingMigrations, createBill, startBilling, type Bill, type PaymentProcessor, type RunningBilling } from '../index';

const JWT_SECRET = 'billing-test-secret';

/** Response data is untyped JSON; tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

export interface GraphQLResponse<T = Loose> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export interface TestUser {
  id: string;
  token: string;
}

/** A running billing subgraph on its own database, an ORM for the commands, and member helpers. */
export interface BillingHarness {
  billing: RunningBilling;
  db: Client;
  /** A fresh EntityManager fork, as the booking saga would pass to the command handlers. */
  em(): EntityManager;
  member(careCircleId: string, role: Role): Promise<TestUser>;
  outsider(): Promise<TestUser>;
  /** A PENDING bill for a new appointment in `careCircleId`, created through createBill. */
  seedBill(careCircleId: string, amountCents?: number): Promise<Bill>;
  gql<T = Loose>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export async function startBillingHarness(label: string, options: { paymentProcessor?: PaymentProcessor } = {}): Promise<BillingHarness> {
  const database = await createTestDatabase(label);
  const db = new Client({ connectionString: database.url });
  await db.connect();
  // Stand-in for identity's published view `identity.membership_directory` (owned and
  // migrated by the identity subgraph): a plain table with the same columns.
  await db.query('create schema if not exists identity');
  await db.query('create table identity.membership_directory (user_id uuid not null, care_circle_id uuid not null, role text not null, primary key (user_id, care_circle_id))');
  const billing = await startBilling({
    databaseUrl: database.url,
    port: 0,
    jwtSecret: JWT_SECRET,
    logger: pino({ level: 'silent' }),
    paymentProcessor: options.paymentProcessor,
  });
  const orm: MikroORM<PostgreSqlDriver> = await createOrm({ clientUrl: database.url, schema: 'billing', entities: billingEntities, migrations: billingMigrations });

  const user = async (): Promise<TestUser> => {
    const id = randomUUID();
    return { id, token: await signToken({ id, email: `${id}@example.test` }, JWT_SECRET) };
  };
  const em = () => orm.em.fork() as EntityManager;

  return {
    billing,
    db,
    em,
    outsider: user,
    async member(careCircleId, role) {
      const created = await user();
      await db.query('insert into identity.membership_directory values ($1, $2, $3)', [created.id, careCircleId, role]);
      return created;
    },
    seedBill: (careCircleId, amountCents = 4500) => createBill(em(), { appointmentId: randomUUID(), careCircleId, amountCents }),
    async gql(query, variables = {}, token) {
      const response = await fetch(billing.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    async close() {
      await billing.stop();
      await orm.close();
      await db.end();
      await database.drop();
    },
  };
}

export const BILL = `query ($id: ID!) {
  bill(id: $id) { id amountCents currency status createdAt careCircle { id } appointment { id } payments { id status amountCents failureReason } }
}`;

export const PAY_BILL = `mutation ($input: PayBillInput!) {
  payBill(input: $input) { id status amountCents failureReason createdAt bill { id status } }
}`;

export function errorOf(response: GraphQLResponse): { code?: string; field?: string } {
  return response.errors?.[0]?.extensions ?? {};
}

/** The billing outbox rows for one bill, oldest first: [event_type, payload]. */
export async function outboxOf(harness: BillingHarness, billId: string): Promise<{ type: string; payload: Loose }[]> {
  const { rows } = await harness.db.query('select event_type, payload from billing.outbox where aggregate_id = $1 order by sequence', [billId]);
  return rows.map((row) => ({ type: row.event_type as string, payload: row.payload as Loose }));
}

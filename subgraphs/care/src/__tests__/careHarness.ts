import { randomUUID } from 'node:crypto';
import { signToken, type Role } from '@caregraph/shared';
import { createTestDatabase } from '@caregraph/testing';
import { Client } from 'pg';
import pino from 'pino';
import { startCare, type RunningCare } from '../index';

const JWT_SECRET = 'care-test-secret';

/** Response data is untyped JSON; tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

export interface GraphQLResponse<T = Loose> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

/** A running care subgraph on its own database, with helpers to act as members. */
export interface CareHarness {
  care: RunningCare;
  db: Client;
  /** A new user with `role` in `careCircleId`; returns their id and bearer token. */
  member(careCircleId: string, role: Role): Promise<{ id: string; token: string }>;
  /** A signed-in user who belongs to no circle. */
  outsider(): Promise<{ id: string; token: string }>;
  gql<T = Loose>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export async function startCareHarness(label: string): Promise<CareHarness> {
  const database = await createTestDatabase(label);
  const db = new Client({ connectionString: database.url });
  await db.connect();
  // Stand-in for identity's published view `identity.membership_directory` (owned and
  // migrated by the identity subgraph): a plain table with the same columns, so these
  // tests do not depend on identity's migrations.
  await db.query('create schema if not exists identity');
  await db.query('create table identity.membership_directory (user_id uuid not null, care_circle_id uuid not null, role text not null, primary key (user_id, care_circle_id))');
  const care = await startCare({ databaseUrl: database.url, port: 0, jwtSecret: JWT_SECRET, logger: pino({ level: 'silent' }) });

  const user = async () => {
    const id = randomUUID();
    return { id, token: await signToken({ id, email: `${id}@example.test` }, JWT_SECRET) };
  };

  return {
    care,
    db,
    outsider: user,
    async member(careCircleId, role) {
      const created = await user();
      await db.query('insert into identity.membership_directory values ($1, $2, $3)', [created.id, careCircleId, role]);
      return created;
    },
    async gql(query, variables = {}, token) {
      const response = await fetch(care.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    async close() {
      await care.stop();
      await db.end();
      await database.drop();
    },
  };
}

export const ADD_RECIPIENT = `mutation ($input: AddCareRecipientInput!) {
  addCareRecipient(input: $input) { id name dateOfBirth careCircle { id } }
}`;

export const ADD_MEDICATION = `mutation ($input: AddMedicationInput!) {
  addMedication(input: $input) { id name dosage scheduleTimes supplyRemaining refillThreshold careRecipient { id } }
}`;

export const LOG_MEDICATION = `mutation ($input: LogMedicationInput!) {
  logMedication(input: $input) { id status note loggedAt loggedBy { id } medication { id supplyRemaining } }
}`;

/** Adds a recipient and a medication as `token`; returns their ids. */
export async function seedMedication(
  harness: CareHarness,
  careCircleId: string,
  token: string,
  medication: { supplyRemaining: number; refillThreshold: number },
): Promise<{ careRecipientId: string; medicationId: string }> {
  const recipient = await harness.gql(ADD_RECIPIENT, { input: { careCircleId, name: 'Grandma Rose', dateOfBirth: '1941-03-02' } }, token);
  const careRecipientId = recipient.data!.addCareRecipient.id as string;
  const added = await harness.gql(
    ADD_MEDICATION,
    { input: { careRecipientId, name: 'Metformin', dosage: '500 mg', scheduleTimes: ['20:00', '08:00'], ...medication } },
    token,
  );
  if (added.errors) throw new Error(JSON.stringify(added.errors));
  return { careRecipientId, medicationId: added.data!.addMedication.id as string };
}

export function errorOf(response: GraphQLResponse): { code?: string; field?: string } {
  return response.errors?.[0]?.extensions ?? {};
}

import { randomUUID } from 'node:crypto';
import { createCloudEvent, createOrm, signToken, type CloudEvent, type NewCloudEvent, type Role } from '@caregraph/shared';
import { createTestDatabase } from '@caregraph/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import pino from 'pino';
import { auditEntities, auditMigrations } from '../entities';
import { startAudit, type RunningAudit } from '../index';
import { appendToAuditLog } from '../store/appendToAuditLog';

const JWT_SECRET = 'audit-test-secret';

/** Response data is untyped JSON; tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

export interface GraphQLResponse<T = Loose> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

/** A running audit subgraph on its own database, with helpers to act as members and append events. */
export interface AuditHarness {
  audit: RunningAudit;
  db: Client;
  /** A second ORM on the same database, for calling the writer as the audit consumer will. */
  orm: MikroORM<PostgreSqlDriver>;
  em(): EntityManager;
  /** Builds a CloudEvent (care source, a fresh id) and appends it through appendToAuditLog. */
  append(event: Partial<NewCloudEvent<Record<string, unknown>>> & { type: string }): Promise<CloudEvent>;
  /** A new user with `role` in `careCircleId`; returns their id and bearer token. */
  member(careCircleId: string, role: Role): Promise<{ id: string; token: string }>;
  /** A signed-in user who belongs to no circle. */
  outsider(): Promise<{ id: string; token: string }>;
  gql<T = Loose>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export async function startAuditHarness(label: string): Promise<AuditHarness> {
  const database = await createTestDatabase(label);
  const db = new Client({ connectionString: database.url });
  await db.connect();
  // Stand-in for identity's published view `identity.membership_directory` (owned and
  // migrated by the identity subgraph): a plain table with the same columns.
  await db.query('create schema if not exists identity');
  await db.query('create table identity.membership_directory (user_id uuid not null, care_circle_id uuid not null, role text not null, primary key (user_id, care_circle_id))');
  const audit = await startAudit({ databaseUrl: database.url, port: 0, jwtSecret: JWT_SECRET, logger: pino({ level: 'silent' }) });
  const orm = await createOrm({ clientUrl: database.url, schema: 'audit', entities: auditEntities, migrations: auditMigrations, poolMax: 2 });

  const user = async () => {
    const id = randomUUID();
    return { id, token: await signToken({ id, email: `${id}@example.test` }, JWT_SECRET) };
  };

  return {
    audit,
    db,
    orm,
    em: () => orm.em.fork() as EntityManager,
    async append(input) {
      const event = createCloudEvent({ source: '/caregraph/care', data: {}, ...input });
      await appendToAuditLog(orm.em.fork() as EntityManager, event as CloudEvent);
      return event as CloudEvent;
    },
    outsider: user,
    async member(careCircleId, role) {
      const created = await user();
      await db.query('insert into identity.membership_directory values ($1, $2, $3)', [created.id, careCircleId, role]);
      return created;
    },
    async gql(query, variables = {}, token) {
      const response = await fetch(audit.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    async close() {
      await audit.stop();
      await orm.close();
      await db.end();
      await database.drop();
    },
  };
}

export function errorOf(response: GraphQLResponse): { code?: string; field?: string } {
  return response.errors?.[0]?.extensions ?? {};
}

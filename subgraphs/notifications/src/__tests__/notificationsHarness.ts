import { randomUUID } from 'node:crypto';
import { createCloudEvent, createOrm, signToken, type CloudEvent, type NewCloudEvent, gatewayHeaders } from '@caregraph/shared';
import { createTestDatabase } from '@caregraph/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import pino from 'pino';
import { notificationsEntities, notificationsMigrations } from '../entities';
import { startNotifications, type RunningNotifications } from '../index';
import { createNotifications, type CreateNotificationsInput } from '../notifications/createNotifications';
import type { Notification } from '../notifications/Notification.entity';
import { NotificationChannel } from '../notifications/NotificationChannel';
import { Priority } from '../notifications/Priority';

const JWT_SECRET = 'notifications-test-secret';

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

/** A running notifications subgraph on its own database, an ORM for the writer, and helpers. */
export interface NotificationsHarness {
  server: RunningNotifications;
  orm: MikroORM<PostgreSqlDriver>;
  db: Client;
  user(): Promise<TestUser>;
  /** Calls the writer in its own transaction, as the consumer will. */
  /** createNotifications in a transaction of its own; the new notifications. */
  notify(overrides: Partial<CreateNotificationsInput> & { recipients: CreateNotificationsInput['recipients'] }): Promise<Notification[]>;
  gql<T = Loose>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** A domain event as care would emit it. */
export function sampleEvent(overrides: Partial<NewCloudEvent<Record<string, unknown>>> = {}): CloudEvent {
  return createCloudEvent<Record<string, unknown>>({
    type: 'emergency.alert.created',
    source: '/caregraph/care',
    subject: randomUUID(),
    data: { message: 'Fell in the kitchen' },
    careCircleId: randomUUID(),
    causedBy: randomUUID(),
    correlationId: `req-${randomUUID()}`,
    ...overrides,
  });
}

export async function startNotificationsHarness(label: string): Promise<NotificationsHarness> {
  const database = await createTestDatabase(label);
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const server = await startNotifications({ databaseUrl: database.url, port: 0, jwtSecret: JWT_SECRET, logger: pino({ level: 'silent' }) });
  // The writer's own ORM, as the consumer will have (the server applied the migrations).
  const orm = await createOrm({ clientUrl: database.url, schema: 'notifications', entities: notificationsEntities, migrations: notificationsMigrations });

  return {
    server,
    orm,
    db,
    async user() {
      const id = randomUUID();
      return { id, token: await signToken({ id, email: `${id}@example.test` }, JWT_SECRET) };
    },
    async notify(overrides) {
      const input: CreateNotificationsInput = {
        event: sampleEvent(),
        title: 'Emergency',
        body: 'Rose needs help',
        priority: Priority.CRITICAL,
        channels: [NotificationChannel.IN_APP, NotificationChannel.EMAIL],
        ...overrides,
      };
      const created = await (orm.em.fork() as EntityManager).transactional((em) => createNotifications(em, input));
      return created.map(({ notification }) => notification);
    },
    async gql(query, variables = {}, token) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await gatewayHeaders('notifications')), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    async close() {
      await server.stop();
      await orm.close();
      await db.end();
      await database.drop();
    },
  };
}

export { errorOf } from '@caregraph/testing';

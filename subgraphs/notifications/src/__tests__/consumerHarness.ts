import { startIdentity, type RunningIdentity } from '@caregraph/identity';
import { createOrm, type AfterCommit, type CloudEvent, type Role } from '@caregraph/shared';
import { asGateway, createTestDatabase } from '@caregraph/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import type { Delivery, NotificationChannelAdapter } from '../channels/NotificationChannelAdapter';
import type { NotificationsConsumer } from '../consumer/notificationsConsumer';
import { notificationsEntities, notificationsMigrations } from '../entities';
import { startNotifications, type RunningNotifications } from '../index';
import type { NotificationChannel } from '../notifications/NotificationChannel';
import { startSmtpSink, type SmtpSink } from '@caregraph/testing';

const JWT_SECRET = 'notifications-consumer-test-secret';
export const silent = pino({ level: 'silent' });

export interface Member {
  id: string;
  email: string;
  token: string;
}

export interface Circle {
  id: string;
  owner: Member;
  caregiver: Member;
  family: Member;
  viewer: Member;
}

/** Stands in for a push or SMS provider (which a test cannot reset): records what it was asked to send. */
export class RecordingAdapter implements NotificationChannelAdapter {
  readonly sent: Delivery[] = [];

  constructor(readonly channel: NotificationChannel) {}

  async send(delivery: Delivery): Promise<void> {
    this.sent.push(delivery);
  }
}

/**
 * One database with identity's real migrations (its published views) and the notifications
 * subgraph, members made through identity's own API, an ORM for the consumer, and a real
 * SMTP server.
 */
export interface ConsumerHarness {
  orm: MikroORM<PostgreSqlDriver>;
  db: Client;
  smtp: SmtpSink;
  identity: RunningIdentity;
  notifications: RunningNotifications;
  circle(): Promise<Circle>;
  signUp(name: string): Promise<Member>;
  addMember(circle: Circle, member: Member, role: Role): Promise<void>;
  /** Runs the handler as the runtime does: in a transaction on a fork of the consumer's em; its after-commit step, if any. */
  handle(consumer: NotificationsConsumer, event: CloudEvent): Promise<void | AfterCommit>;
  myNotifications(token: string): Promise<{ title: string; body: string; priority: string; channels: string[]; eventId: string }[]>;
  close(): Promise<void>;
}

async function post(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await asGateway()), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { data?: Record<string, never>; errors?: unknown[] };
  if (result.errors || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

export async function startConsumerHarness(label: string): Promise<ConsumerHarness> {
  const database = await createTestDatabase(label);
  // In memory, roomy: every sign-up here comes from one address.
  const identity = await startIdentity({ databaseUrl: database.url, port: 0, jwtSecret: JWT_SECRET, logger: silent, settings: { redisUrl: undefined, signUpMaxPerIp: 1000 } });
  const notifications = await startNotifications({ databaseUrl: database.url, port: 0, jwtSecret: JWT_SECRET, logger: silent });
  const orm = await createOrm({ clientUrl: database.url, schema: 'notifications', entities: notificationsEntities, migrations: notificationsMigrations });
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const smtp = await startSmtpSink();

  const signUp = async (name: string): Promise<Member> => {
    const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.org`;
    const data = await post(identity.url, 'mutation($input: SignUpInput!) { signUp(input: $input) { token user { id } } }', {
      input: { email, password: 'correct horse battery', displayName: name },
    });
    const { token, user } = data.signUp as { token: string; user: { id: string } };
    return { id: user.id, email, token };
  };
  // Membership is consent: the owner invites, the member accepts.
  const addMember = async (circle: Circle, member: Member, role: Role) => {
    const invited = await post(identity.url, 'mutation($input: InviteMemberInput!) { inviteMember(input: $input) { id } }', { input: { careCircleId: circle.id, email: member.email, role } }, circle.owner.token);
    await post(identity.url, 'mutation($id: ID!) { acceptInvitation(id: $id) { role } }', { id: (invited.inviteMember as { id: string }).id }, member.token);
  };

  return {
    orm,
    db,
    smtp,
    identity,
    notifications,
    signUp,
    addMember,
    async circle() {
      const [owner, caregiver, family, viewer] = await Promise.all(['Olivia', 'Carl', 'Fay', 'Vic'].map(signUp));
      const created = await post(identity.url, 'mutation($name: String!) { createCareCircle(input: { name: $name }) { id } }', { name: 'Grandma Rose' }, owner.token);
      const circle = { id: (created.createCareCircle as { id: string }).id, owner, caregiver, family, viewer };
      await addMember(circle, caregiver, 'CAREGIVER');
      await addMember(circle, family, 'FAMILY');
      await addMember(circle, viewer, 'VIEWER');
      return circle;
    },
    async handle(consumer, event) {
      return (orm.em.fork() as EntityManager).transactional((em) => consumer.handle(event, em, silent));
    },
    async myNotifications(token) {
      const data = await post(notifications.url, '{ myNotifications(first: 50) { edges { node { title body priority channels eventId } } } }', {}, token);
      return (data.myNotifications as { edges: { node: never }[] }).edges.map((edge) => edge.node);
    },
    async close() {
      await smtp.stop();
      await db.end();
      await orm.close();
      await notifications.stop();
      await identity.stop();
      await database.drop();
    },
  };
}

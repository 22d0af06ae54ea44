import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { replay } from '@caregraph/audit';
import { AmqpBroker, careGraphTopology, createCloudEvent, createLogger, topologyNames, type CloudEvent } from '@caregraph/shared';
import { createTestDatabase, deleteAmqpTopology, eventually, infra, testNamespace } from '@caregraph/testing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { auditRole } from '../roles/auditRole';
import type { RoleConsumers } from '../roles/RoleConfig';
import { startEventRelay, type EventRelay } from '../startEventRelay';

const ops = path.resolve(__dirname, '../../../scripts/ops.js');

describe('the audit role in event-relay', () => {
  const namespace = testNamespace('audit-role');
  const names = topologyNames(namespace);
  const logger = createLogger('audit-role-test');
  logger.level = 'fatal';
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: Client;
  let broker: AmqpBroker;
  let role: RoleConsumers;
  let relay: EventRelay;

  const publish = (event: CloudEvent) =>
    broker.publish({ exchange: names.domainEvents, routingKey: event.type, messageId: event.id, body: Buffer.from(JSON.stringify(event)) });

  beforeAll(async () => {
    const { rabbitmqUrl } = await infra();
    database = await createTestDatabase('audit_role');
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    broker = await AmqpBroker.connect(rabbitmqUrl, { logger });
    role = await auditRole({ databaseUrl: database.url, namespace, logger, env: {} });
    relay = await startEventRelay({
      databaseUrl: database.url,
      schemas: [],
      broker,
      namespace,
      port: 0,
      relay: false,
      consumers: role.consumers,
      consumerRetry: { delaysMs: [100, 200, 400] },
      logger,
    });
  });

  afterAll(async () => {
    await relay?.stop();
    await role?.close();
    await broker?.close();
    await sql?.end();
    await deleteAmqpTopology((await infra()).rabbitmqUrl, [careGraphTopology(namespace)]);
    await database?.drop();
  });

  it('appends every event published to domain.events once, and replays an aggregate in order', async () => {
    expect(relay.consumers.map((c) => c.name)).toEqual(['audit']);
    const medicationId = randomUUID();
    const otherId = randomUUID();
    const events: CloudEvent[] = [];
    for (const [type, subject] of [
      ['medication.added', medicationId],
      ['medication.logged', otherId],
      ['medication.logged', medicationId],
      ['medication.refill_needed', medicationId],
      ['user.created', randomUUID()],
    ]) {
      const event = createCloudEvent({ type, source: '/caregraph/care', subject, aggregateType: type.startsWith('medication') ? 'Medication' : undefined, data: {} }) as CloudEvent;
      events.push(event);
      await publish(event);
    }
    await publish(events[0]); // a redelivery-like duplicate
    await eventually(async () => (await sql.query('select count(*)::int as n from audit.events')).rows[0].n === events.length);
    const { rows } = await sql.query('select id, count(*)::int as n from audit.events group by id');
    expect(rows.map((r) => r.id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(rows.every((r) => r.n === 1)).toBe(true);
    await eventually(async () => (await sql.query('select count(*)::int as n from audit.inbox')).rows[0].n === events.length);

    const ordered = events.filter((e) => e.subject === medicationId).map((e) => e.id);
    const replayed: string[] = [];
    for await (const event of replay(role.consumers[0].em.fork() as EntityManager, 'Medication', medicationId)) replayed.push(event.id);
    expect(replayed).toEqual(ordered);

    const { stdout } = await promisify(execFile)(process.execPath, [ops, 'audit:replay', 'Medication', medicationId, '--json'], {
      env: { ...process.env, DATABASE_URL: database.url },
    });
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line).id)).toEqual(ordered);
  });

  it('dead-letters an event the audit log can never store, visible through `npm run ops -- dlq:list`', async () => {
    const bad = { ...createCloudEvent({ type: 'user.created', source: '/caregraph/identity', data: {} }), id: 'not-a-uuid' } as CloudEvent;
    await publish(bad);
    const list = async () => {
      const { stdout } = await promisify(execFile)(process.execPath, [ops, 'dlq:list', 'audit.log', '--json'], {
        env: { ...process.env, RABBITMQ_URL: (await infra()).rabbitmqUrl, CAREGRAPH_NAMESPACE: namespace },
      });
      return JSON.parse(stdout) as { id: string; attempts: number; error: string }[];
    };
    const letter = await eventually(async () => {
      const found = (await list()).find((l) => l.id === 'not-a-uuid');
      if (!found) throw new Error('not dead-lettered yet');
      return found;
    });
    expect(letter).toMatchObject({ attempts: 1, error: 'ValidationError: The event id is not a uuid.' });
  });
});

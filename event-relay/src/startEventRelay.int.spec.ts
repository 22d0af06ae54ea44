import { Client } from 'pg';
import {
  AmqpBroker,
  careGraphTopology,
  createCloudEvent,
  createLogger,
  mergeTopology,
  outboxCancelSql,
  outboxIndexesSql,
  outboxTableSql,
  topologyNames,
  type BrokerMessage,
  type CloudEvent,
  type TopologySpec,
} from '@caregraph/shared';
import { createTestDatabase, eventually, infra, testNamespace } from '@caregraph/testing';
import { deleteAmqpTopology } from '@caregraph/testing';
import { startEventRelay, type EventRelay } from './startEventRelay';

const POLL_MS = 3000; // long enough that a prompt pick-up can only come from NOTIFY

describe('event-relay against Postgres and RabbitMQ', () => {
  const namespace = testNamespace('relay');
  const names = topologyNames(namespace);
  const testQueue = `${namespace}test.all`;
  const topology: TopologySpec = mergeTopology(careGraphTopology(namespace), {
    exchanges: [],
    queues: [{ name: testQueue, type: 'classic' }],
    bindings: [{ source: names.domainEvents, destination: testQueue, destinationType: 'queue', pattern: '#' }],
  });
  const received: { message: BrokerMessage; event: CloudEvent; at: number }[] = [];
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: Client;
  let broker: AmqpBroker;
  let relay: EventRelay;
  let sequence = 0;

  const receivedIds = () => received.map((r) => r.event.id);
  const outboxRow = async (schema: string, id: string) =>
    (await sql.query(`select * from "${schema}".outbox where id = $1`, [id])).rows[0];

  async function insertEvent(
    schema: string,
    input: { aggregateId: string; type?: string; circle?: string; data?: Record<string, unknown>; availableAt?: Date; exchange?: string; routingKey?: string },
  ): Promise<CloudEvent> {
    const event = createCloudEvent({
      type: input.type ?? 'medication.logged',
      source: `/caregraph/${schema}`,
      subject: input.aggregateId,
      data: input.data ?? { n: ++sequence },
      careCircleId: input.circle ?? 'circle-1',
      aggregateType: 'Medication',
    });
    await sql.query(
      `insert into "${schema}".outbox (id, event_type, exchange, routing_key, payload, aggregate_type, aggregate_id, available_at)
       values ($1, $2, $3, $4, $5, 'Medication', $6, coalesce($7, now()))`,
      [event.id, event.type, input.exchange ?? 'domain.events', input.routingKey ?? event.type, event, input.aggregateId, input.availableAt ?? null],
    );
    return event as CloudEvent;
  }

  async function createOutbox(schema: string): Promise<void> {
    for (const statement of [...outboxTableSql(schema), ...outboxIndexesSql(schema), ...outboxCancelSql(schema)]) await sql.query(statement);
  }

  beforeAll(async () => {
    const { rabbitmqUrl } = await infra();
    database = await createTestDatabase('relay');
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    await createOutbox('identity');
    await createOutbox('care');
    const logger = createLogger('event-relay-test');
    logger.level = 'error';
    broker = await AmqpBroker.connect(rabbitmqUrl, { logger });
    await broker.assertTopology(topology);
    await broker.consume(testQueue, async (message) => {
      received.push({ message, event: JSON.parse(message.body.toString()), at: Date.now() });
    });
    relay = await startEventRelay({
      databaseUrl: database.url,
      schemas: ['identity', 'care', 'billing'],
      broker,
      namespace,
      port: 0,
      pollIntervalMs: POLL_MS,
      retry: { baseDelayMs: 50, maxDelayMs: 100 },
      logger,
    });
  });

  afterAll(async () => {
    await relay?.stop();
    await broker?.close();
    await sql?.end();
    const { rabbitmqUrl } = await infra();
    await deleteAmqpTopology(rabbitmqUrl, [topology]);
    await database?.drop();
  });

  it('publishes every row exactly once, keeping each aggregate’s order, from both schemas', async () => {
    const inserted: CloudEvent[] = [];
    await sql.query('begin');
    for (let i = 0; i < 5; i++) {
      for (const [schema, aggregateId] of [['identity', 'agg-a'], ['care', 'agg-b'], ['care', 'agg-c']]) {
        inserted.push(await insertEvent(schema, { aggregateId }));
      }
    }
    await sql.query('commit');
    await eventually(() => inserted.every((e) => receivedIds().includes(e.id)));
    await eventually(async () => {
      const { rows } = await sql.query(`select count(*)::int as n from care.outbox where status <> 'PROCESSED'`);
      return rows[0].n === 0;
    });
    for (const event of inserted) expect(receivedIds().filter((id) => id === event.id)).toHaveLength(1);
    for (const aggregate of ['agg-a', 'agg-b', 'agg-c']) {
      const expected = inserted.filter((e) => e.subject === aggregate).map((e) => e.id);
      expect(received.filter((r) => r.event.subject === aggregate).map((r) => r.event.id)).toEqual(expected);
    }
    const first = received.find((r) => r.event.id === inserted[0].id)!;
    expect(first.message).toMatchObject({ messageId: inserted[0].id, routingKey: 'medication.logged', contentType: 'application/cloudevents+json' });
    expect(first.event).toEqual(inserted[0]);
    const row = await outboxRow('identity', inserted[0].id);
    expect(row).toMatchObject({ status: 'PROCESSED', retry_count: 0 });
    expect(row.processed_at).toBeInstanceOf(Date);
  });

  it('picks up a row inserted later promptly, woken by NOTIFY', async () => {
    const started = Date.now();
    const event = await insertEvent('care', { aggregateId: 'agg-notify' });
    await eventually(() => receivedIds().includes(event.id), 5000);
    expect(Date.now() - started).toBeLessThan(POLL_MS);
  });

  it('does not publish a scheduled row before its available_at', async () => {
    const availableAt = new Date(Date.now() + 1500);
    const event = await insertEvent('care', { aggregateId: 'agg-scheduled', type: 'medication.due', availableAt });
    await eventually(() => receivedIds().includes(event.id), 15000);
    const delivery = received.find((r) => r.event.id === event.id)!;
    expect(delivery.at).toBeGreaterThanOrEqual(availableAt.getTime());
  });

  it('keeps an unroutable row PENDING and counts its failed attempts', async () => {
    const event = await insertEvent('care', { aggregateId: 'agg-unroutable', exchange: 'notifications', routingKey: 'notify.nowhere' });
    const row = await eventually(async () => {
      const current = await outboxRow('care', event.id);
      return current.retry_count >= 2 ? current : false;
    }, 15000);
    expect(row).toMatchObject({ status: 'PENDING', processed_at: null });
    expect(row.last_error).toMatch(/UNROUTABLE/);
    expect(receivedIds()).not.toContain(event.id);
  });

  it('starts relaying a schema once its outbox table appears', async () => {
    await createOutbox('billing');
    const event = await insertEvent('billing', { aggregateId: 'bill-1', type: 'bill.created' });
    await eventually(() => receivedIds().includes(event.id), 10000);
  });

  it('reports the backlog on /health and counts publishes on /metrics', async () => {
    const health = (await (await fetch(`http://127.0.0.1:${relay.port}/health`)).json()) as { outbox: Record<string, { pending: number }> };
    expect(health).toMatchObject({ status: 'ok', outbox: { identity: { present: true, pending: 0 }, care: { present: true } } });
    expect(health.outbox.care.pending).toBeGreaterThanOrEqual(1); // the unroutable row
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text();
    expect(metrics).toMatch(/caregraph_outbox_published_total\{schema="care"\} \d+/);
    expect(metrics).toMatch(/caregraph_outbox_publish_failures_total\{schema="care"\} [1-9]/);
    expect(metrics).toMatch(/caregraph_outbox_pending\{schema="care"\} [1-9]/);
    expect(metrics).toContain('caregraph_outbox_publish_seconds_bucket');
    // The process's own: CPU, memory, event loop (prom-client's defaults).
    expect(metrics).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(metrics).toMatch(/^process_resident_memory_bytes \d/m);
    expect(metrics).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
  });
});

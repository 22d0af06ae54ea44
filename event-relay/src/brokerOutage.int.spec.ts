import { Pool } from 'pg';
import { AmqpBroker, careGraphTopology, createLogger, mergeTopology, topologyNames } from '@caregraph/shared';
import { createTestDatabase, eventually, startRabbitNode, testNamespace, type RabbitNode } from '@caregraph/testing';
import { createOutbox, Deliveries, writeMany, writeOrder } from './__tests__/outboxFixture';
import { startEventRelay, type EventRelay } from './startEventRelay';

const SCHEMAS = ['identity', 'care'];

describe('event relay through a RabbitMQ outage (private node)', () => {
  const namespace = testNamespace('outage');
  const names = topologyNames(namespace);
  const testQueue = `${namespace}test.all`;
  const logger = createLogger('outage-test');
  logger.level = 'fatal';
  const deliveries = new Deliveries();
  let rabbit: RabbitNode;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;
  let relayBroker: AmqpBroker;
  let consumer: AmqpBroker;
  let relay: EventRelay;

  beforeAll(async () => {
    [rabbit, database] = await Promise.all([startRabbitNode('outage'), createTestDatabase('outage')]);
    pool = new Pool({ connectionString: database.url, max: 12 });
    for (const schema of SCHEMAS) await createOutbox(pool, schema);
    consumer = await AmqpBroker.connect(rabbit.url, { logger, recovery: { initialMaxRetries: 3, maxDelay: 500 } });
    await consumer.assertTopology(mergeTopology(careGraphTopology(namespace), {
      exchanges: [],
      queues: [{ name: testQueue, type: 'classic' }],
      bindings: [{ source: names.domainEvents, destination: testQueue, destinationType: 'queue', pattern: '#' }],
    }));
    await consumer.consume(testQueue, deliveries.handler, { prefetch: 100 });
    relayBroker = await AmqpBroker.connect(rabbit.url, { logger, recovery: { initialMaxRetries: 3, maxDelay: 1000 } });
    relay = await startEventRelay({
      databaseUrl: database.url,
      schemas: SCHEMAS,
      broker: relayBroker,
      namespace,
      port: 0,
      logger,
    });
  }, 120_000);

  afterAll(async () => {
    await relay?.stop();
    await Promise.allSettled([relayBroker?.close(), consumer?.close()]);
    await pool?.end();
    await database?.drop();
    await rabbit?.shutdown(); // the whole node goes, topology included
  }, 60_000);

  it('keeps every mutation succeeding while RabbitMQ is down for 10 s, then delivers all 500 events in order', async () => {
    const writing = writeMany(pool, SCHEMAS, 10, 500, 50);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await rabbit.stopApp();
    const downSince = Date.now();
    await eventually(async () => {
      const health = (await (await fetch(`http://127.0.0.1:${relay.port}/health`)).json()) as { status: string; broker: { available: boolean } };
      return health.status === 'degraded' && !health.broker.available;
    }, 10_000);
    const { written, failures } = await writing;
    expect(failures).toEqual([]);
    expect(written).toHaveLength(500);
    expect(deliveries.hasAll(written)).toBe(false); // some really waited for the broker
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - downSince))));
    await rabbit.startApp();

    await eventually(() => deliveries.hasAll(written), 60_000);
    const arrived = deliveries.firstArrivals();
    for (const [aggregate, ids] of writeOrder(written)) expect(arrived.get(aggregate)).toEqual(ids);
    const mine = new Set(written.map((w) => w.id));
    expect(deliveries.messages.every((m) => mine.has(m.id))).toBe(true); // duplicates, if any, only of the same ids
    const outbox = () => pool.query(`select max(retry_count)::int as attempts, count(*) filter (where status <> 'PROCESSED')::int as open
      from (select retry_count, status from identity.outbox union all select retry_count, status from care.outbox) o`);
    await eventually(async () => (await outbox()).rows[0].open === 0);
    expect((await outbox()).rows[0].attempts).toBe(0); // the outage spent no attempts
  }, 120_000);
});

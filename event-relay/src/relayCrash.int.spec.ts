import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { AmqpBroker, careGraphTopology, createLogger, mergeTopology, topologyNames, type TopologySpec } from '@caregraph/shared';
import { createTestDatabase, deleteAmqpTopology, eventually, freePort, infra, testNamespace } from '@caregraph/testing';
import { createOutbox, Deliveries, writeMany, writeOrder } from './__tests__/outboxFixture';

const main = path.resolve(__dirname, '../dist/main.js');
const SCHEMAS = ['identity', 'care'];

describe('event relay killed with SIGKILL mid-batch and restarted', () => {
  const namespace = testNamespace('crash');
  const names = topologyNames(namespace);
  const testQueue = `${namespace}test.all`;
  const topology: TopologySpec = mergeTopology(careGraphTopology(namespace), {
    exchanges: [],
    queues: [{ name: testQueue, type: 'classic' }],
    bindings: [{ source: names.domainEvents, destination: testQueue, destinationType: 'queue', pattern: '#' }],
  });
  const logger = createLogger('crash-test');
  logger.level = 'fatal';
  const deliveries = new Deliveries();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;
  let consumer: AmqpBroker;
  let relay: ChildProcess | undefined;

  async function startRelayProcess(): Promise<ChildProcess> {
    const servers = await infra();
    const child = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        RABBITMQ_URL: servers.rabbitmqUrl,
        REDIS_URL: servers.redisUrl,
        CAREGRAPH_NAMESPACE: namespace,
        OUTBOX_SCHEMAS: SCHEMAS.join(','),
        OUTBOX_BATCH_SIZE: '50',
        RELAY_PORT: String(await freePort()),
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return child;
  }

  beforeAll(async () => {
    if (!existsSync(main)) throw new Error('Run "npm run build" first: this test runs event-relay/dist/main.js.');
    const { rabbitmqUrl } = await infra();
    database = await createTestDatabase('crash');
    pool = new Pool({ connectionString: database.url, max: 10 });
    for (const schema of SCHEMAS) await createOutbox(pool, schema);
    consumer = await AmqpBroker.connect(rabbitmqUrl, { logger });
    await consumer.assertTopology(topology);
    await consumer.consume(testQueue, deliveries.handler, { prefetch: 200 });
  });

  afterAll(async () => {
    relay?.kill('SIGKILL');
    await consumer?.close();
    await pool?.end();
    await deleteAmqpTopology((await infra()).rabbitmqUrl, [topology]);
    await database?.drop();
  });

  it('loses nothing and keeps each aggregate’s order; at worst an event arrives twice', async () => {
    const { written, failures } = await writeMany(pool, SCHEMAS, 20, 3000);
    expect(failures).toEqual([]);
    relay = await startRelayProcess();
    await eventually(() => deliveries.messages.length >= 300, 30_000, 5);
    relay.kill('SIGKILL');
    await new Promise((resolve) => relay!.once('exit', resolve));
    expect(deliveries.hasAll(written)).toBe(false);
    const { rows } = await pool.query(`select count(*)::int as n from care.outbox where status = 'PENDING'`);
    expect(rows[0].n).toBeGreaterThan(0);

    relay = await startRelayProcess();
    await eventually(() => deliveries.hasAll(written), 60_000);
    const arrived = deliveries.firstArrivals();
    for (const [aggregate, ids] of writeOrder(written)) expect(arrived.get(aggregate)).toEqual(ids);
    const mine = new Set(written.map((w) => w.id));
    expect(deliveries.messages.every((m) => mine.has(m.id))).toBe(true);
    await eventually(async () => {
      const open = await pool.query(`select count(*)::int as n from (select status from identity.outbox union all select status from care.outbox) o where status <> 'PROCESSED'`);
      return open.rows[0].n === 0;
    });
  }, 120_000);
});

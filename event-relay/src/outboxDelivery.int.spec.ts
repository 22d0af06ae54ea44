import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import {
  AmqpBroker,
  careGraphTopology,
  createLogger,
  mergeTopology,
  topologyNames,
  type TopologySpec,
} from '@caregraph/shared';
import { createTestDatabase, deleteAmqpTopology, eventually, infra, testNamespace } from '@caregraph/testing';
import { createOutbox, Deliveries, writeEvent, writeMany, writeOrder } from './__tests__/outboxFixture';
import { outboxStats } from './ops/outboxStats';
import { startEventRelay, type EventRelay, type EventRelayOptions } from './startEventRelay';

const root = path.resolve(__dirname, '../..');
const SCHEMAS = ['care', 'billing'];

describe('outbox delivery with two relays, schedules, failures, retry and retention', () => {
  const namespace = testNamespace('outbox');
  const names = topologyNames(namespace);
  const testQueue = `${namespace}test.all`;
  const lateQueue = `${namespace}test.late`;
  const topology: TopologySpec = mergeTopology(careGraphTopology(namespace), {
    exchanges: [],
    queues: [{ name: testQueue, type: 'classic' }, { name: lateQueue, type: 'classic' }],
    bindings: [{ source: names.domainEvents, destination: testQueue, destinationType: 'queue', pattern: '#' }],
  });
  const deliveries = new Deliveries();
  const arrivals = new Map<string, number>();
  const logger = createLogger('outbox-delivery-test');
  logger.level = 'fatal';
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;
  let rabbitmqUrl: string;
  const brokers: AmqpBroker[] = [];
  const relays: EventRelay[] = [];

  async function startRelay(options: Partial<EventRelayOptions> = {}): Promise<EventRelay> {
    const broker = await AmqpBroker.connect(rabbitmqUrl, { logger });
    brokers.push(broker);
    const relay = await startEventRelay({
      databaseUrl: database.url,
      schemas: SCHEMAS,
      broker,
      namespace,
      port: 0,
      retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 100 },
      logger,
      ...options,
    });
    relays.push(relay);
    return relay;
  }

  beforeAll(async () => {
    rabbitmqUrl = (await infra()).rabbitmqUrl;
    database = await createTestDatabase('outbox');
    pool = new Pool({ connectionString: database.url, max: 20 });
    for (const schema of SCHEMAS) await createOutbox(pool, schema);
    const consumer = await AmqpBroker.connect(rabbitmqUrl, { logger });
    brokers.push(consumer);
    await consumer.assertTopology(topology);
    await consumer.consume(testQueue, async (message) => {
      await deliveries.handler(message);
      arrivals.set(String(message.messageId), Date.now());
    }, { prefetch: 200 });
    await startRelay();
    await startRelay();
  });

  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    for (const broker of brokers) await broker.close();
    await pool?.end();
    await deleteAmqpTopology(rabbitmqUrl, [topology]);
    await database?.drop();
  });

  it('publishes 2,000 events through two relays once each, in order per aggregate', async () => {
    const { written, failures } = await writeMany(pool, SCHEMAS, 40, 2000);
    expect(failures).toEqual([]);
    await eventually(() => deliveries.hasAll(written), 60_000);
    await eventually(async () => (await outboxStats(pool, SCHEMAS)).care.pending === 0);
    const mine = new Set(written.map((w) => w.id));
    const counts = new Map<string, number>();
    for (const { id } of deliveries.messages) if (mine.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(counts.size).toBe(2000);
    const arrived = deliveries.firstArrivals();
    for (const [aggregate, ids] of writeOrder(written)) expect(arrived.get(aggregate)).toEqual(ids);
  }, 90_000);

  it('relays a row whose transaction commits after a later-sequenced row was already published', async () => {
    const early = await pool.connect();
    try {
      await early.query('begin');
      const held = writeEvent(early as unknown as Pool, 'care', 'late-aggregate');
      const { id: heldId } = await held; // inserted (lower sequence), not committed
      const later = await writeEvent(pool, 'care', 'other-aggregate');
      await eventually(() => deliveries.ids().has(later.id));
      await early.query('commit');
      await eventually(() => deliveries.ids().has(heldId));
    } finally {
      early.release();
    }
  });

  it('publishes a scheduled event not before its time and within a second after it', async () => {
    const availableAt = new Date(Date.now() + 2500);
    const { id } = await writeEvent(pool, 'care', 'scheduled-aggregate', { type: 'medication.due', availableAt });
    await eventually(() => arrivals.has(id), 10_000);
    expect(arrivals.get(id)!).toBeGreaterThanOrEqual(availableAt.getTime());
    expect(arrivals.get(id)! - availableAt.getTime()).toBeLessThan(1000);
  });

  it('marks an unroutable event FAILED after the configured attempts, reports it, and outbox:retry publishes it once bound', async () => {
    const { id } = await writeEvent(pool, 'billing', 'unroutable-aggregate', { type: 'late.bound', exchange: 'notifications' });
    const blockedBehind = await writeEvent(pool, 'billing', 'unroutable-aggregate');
    const row = await eventually(async () => {
      const { rows } = await pool.query(`select * from billing.outbox where id = $1 and status = 'FAILED'`, [id]);
      return rows[0] ?? false;
    }, 15_000);
    expect(row).toMatchObject({ retry_count: 3, processed_at: null });
    expect(row.last_error).toMatch(/UNROUTABLE/);
    expect((await outboxStats(pool, SCHEMAS)).billing).toMatchObject({ failed: 1, pending: 1 });
    expect(deliveries.ids().has(blockedBehind.id)).toBe(false); // the aggregate waits behind its failed event
    const metrics = await (await fetch(`http://127.0.0.1:${relays[0].port}/metrics`)).text();
    expect(metrics).toMatch(/caregraph_outbox_failed\{schema="billing"\} 1/);

    const late = new Deliveries();
    const consumer = brokers[0];
    await consumer.assertTopology({
      exchanges: [],
      queues: [],
      bindings: [{ source: names.notifications, destination: lateQueue, destinationType: 'queue', pattern: 'late.bound' }],
    });
    await consumer.consume(lateQueue, late.handler);
    const output = await ops(['outbox:retry', 'all-failed']);
    expect(output).toContain(id);
    await eventually(() => late.ids().has(id));
    await eventually(() => deliveries.ids().has(blockedBehind.id));
    expect(late.messages.filter((m) => m.id === id)).toHaveLength(1);
    expect((await outboxStats(pool, SCHEMAS)).billing.failed).toBe(0);
    const stats = JSON.parse(await ops(['outbox:stats', '--json']));
    expect(stats.billing).toMatchObject({ present: true, failed: 0, pending: 0 });
    expect(stats.billing.publishedPerSecond).toBeGreaterThan(0);
    expect(stats.care.publishLatencyP99Seconds).toEqual(expect.any(Number));
  }, 30_000);

  it('deletes processed rows past the retention age in small batches, keeping newer ones', async () => {
    await pool.query(`update care.outbox set processed_at = now() - interval '2 hours' where status = 'PROCESSED'`);
    const old = Number((await pool.query(`select count(*) from care.outbox where status = 'PROCESSED'`)).rows[0].count);
    const fresh = await writeEvent(pool, 'care', 'fresh-aggregate');
    await eventually(() => deliveries.ids().has(fresh.id));
    const relay = await startRelay({ retention: { maxAgeMs: 3600_000, batchSize: 100, intervalMs: 100 } });
    await eventually(async () => {
      const { rows } = await pool.query(`select id from care.outbox where status = 'PROCESSED'`);
      return rows.length === 1 && rows[0].id === fresh.id;
    }, 15_000);
    const metrics = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text();
    expect(metrics).toContain(`caregraph_outbox_deleted_total{schema="care"} ${old}`);
  });

  function ops(args: string[]): Promise<string> {
    const script = path.join(root, 'scripts/ops.js');
    if (!existsSync(path.join(root, 'event-relay/dist/index.js'))) throw new Error('Run "npm run build" first: scripts/ops.js uses the built relay.');
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [script, ...args], { env: { ...process.env, DATABASE_URL: database.url, OUTBOX_SCHEMAS: SCHEMAS.join(',') } }, (error, stdout, stderr) =>
        error ? reject(new Error(`ops ${args.join(' ')} failed: ${stderr}`)) : resolve(stdout),
      );
    });
  }
});

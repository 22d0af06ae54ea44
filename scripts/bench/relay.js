// Outbox relay throughput and commit-to-broker latency on the real servers (needs `npm run build`):
// N writers insert outbox rows (one per transaction, as mutations do) into a fresh database while
// the relay publishes them with confirms to a fresh namespace; a consumer on a queue bound to
// domain.events stamps each arrival. Compared with the raw ceiling: the same messages published
// straight to RabbitMQ with confirms (a window of 256 in flight). Then a run paced at --rate/s.
//   npm run bench -- relay [--writers 8] [--events 10000] [--rate 1000] [--seconds 10] [--batch 250] [--parallel 2]
const { randomUUID } = require('node:crypto');
const { Pool } = require('pg');
const {
  AmqpBroker, careGraphTopology, createCloudEvent, createLogger, ensureDatabase, dropDatabase,
  deleteTopology, mergeTopology, outboxIndexesSql, outboxTableSql, topologyNames,
} = require('@caregraph/shared');
const { startEventRelay } = require('@caregraph/event-relay');

const DATABASE = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RABBITMQ = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const now = () => performance.timeOrigin + performance.now();

async function run(args) {
  const writers = Number(valueOf(args, '--writers') ?? 8);
  const events = Number(valueOf(args, '--events') ?? 10000);
  const rate = Number(valueOf(args, '--rate') ?? 1000);
  const seconds = Number(valueOf(args, '--seconds') ?? 10);
  const parallelBatches = valueOf(args, '--parallel') ? Number(valueOf(args, '--parallel')) : undefined;
  const batchSize = valueOf(args, '--batch') ? Number(valueOf(args, '--batch')) : undefined;
  const suffix = randomUUID().slice(0, 6);
  const url = new URL(DATABASE);
  url.pathname = `/caregraph_bench_relay_${suffix}`;
  const databaseUrl = url.toString();
  const namespace = `bench-relay-${suffix}.`;
  const names = topologyNames(namespace);
  const queue = `${namespace}bench.all`;
  const topology = mergeTopology(careGraphTopology(namespace), {
    exchanges: [], queues: [{ name: queue, type: 'classic' }],
    bindings: [{ source: names.domainEvents, destination: queue, destinationType: 'queue', pattern: '#' }],
  });
  const logger = createLogger('bench-relay');
  logger.level = 'error';
  await ensureDatabase(databaseUrl);
  const pool = new Pool({ connectionString: databaseUrl, max: writers + 2 });
  for (const statement of [...outboxTableSql('care'), ...outboxIndexesSql('care')]) await pool.query(statement);
  const broker = await AmqpBroker.connect(RABBITMQ, { logger });
  await broker.assertTopology(topology);
  const arrivals = new Map();
  await broker.consume(queue, async (message) => void arrivals.set(message.messageId, now()), { prefetch: 1000 });
  const relayBroker = await AmqpBroker.connect(RABBITMQ, { logger });
  let relay;
  const results = [];
  try {
    relay = await startEventRelay({ databaseUrl, schemas: ['care'], broker: relayBroker, namespace, port: 0, logger, parallelBatches, batchSize });
    await writeRows(pool, 200, writers, () => 0); // warm-up
    await settle(arrivals, 200);
    arrivals.clear();

    const commits = await writeRows(pool, events, writers, () => 0);
    results.push(summarise(`relay, ${writers} writers flat out`, commits, await settle(arrivals, events)));
    arrivals.clear();

    const paced = rate * seconds;
    const start = now() + 100;
    const pacedCommits = await writeRows(pool, paced, writers, (i) => start + (i * 1000) / rate);
    results.push(summarise(`relay, paced at ${rate}/s`, pacedCommits, await settle(arrivals, paced)));
    arrivals.clear();

    await relay.stop();
    relay = undefined;
    // Backlog drain: rows written first, then one relay started; the relay alone sets the pace.
    const backlog = await writeRows(pool, events, writers, () => 0);
    const started = now();
    relay = await startEventRelay({ databaseUrl, schemas: ['care'], broker: relayBroker, namespace, port: 0, logger, parallelBatches, batchSize });
    const drained = summarise('relay, draining a backlog', new Map([...backlog.keys()].map((id) => [id, started])), await settle(arrivals, events));
    results.push({ ...drained, p50: NaN, p99: NaN, max: NaN });
    arrivals.clear();
    await relay.stop();
    relay = undefined;

    const sends = await publishRaw(relayBroker, names.domainEvents, events);
    results.push(summarise('raw: straight to RabbitMQ with confirms', sends, await settle(arrivals, events)));
  } finally {
    await relay?.stop();
    await relayBroker.close();
    await broker.close();
    await pool.end();
    await deleteTopology(RABBITMQ, [topology]);
    await dropDatabase(databaseUrl);
  }
  print(results, writers);
}

/** Inserts `count` rows over `writers` connections, each at or after `dueAt(i)`; returns id → commit time. */
async function writeRows(pool, count, writers, dueAt) {
  const commits = new Map();
  let next = 0;
  await Promise.all(Array.from({ length: writers }, async (_, w) => {
    for (let i = next++; i < count; i = next++) {
      const wait = dueAt(i) - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const aggregateId = `agg-${w}-${i % 50}`;
      const event = createCloudEvent({ type: 'medication.logged', source: '/caregraph/care', subject: aggregateId, data: { i }, aggregateType: 'Medication' });
      await pool.query(
        `insert into care.outbox (id, event_type, routing_key, payload, aggregate_type, aggregate_id) values ($1, $2, $2, $3, 'Medication', $4)`,
        [event.id, event.type, event, aggregateId],
      );
      commits.set(event.id, now());
    }
  }));
  return commits;
}

async function publishRaw(broker, exchange, count) {
  const sends = new Map();
  let next = 0;
  await Promise.all(Array.from({ length: 256 }, async () => {
    for (let i = next++; i < count; i = next++) {
      const event = createCloudEvent({ type: 'medication.logged', source: '/caregraph/care', subject: `agg-${i % 400}`, data: { i }, aggregateType: 'Medication' });
      sends.set(event.id, now());
      await broker.publish({ exchange, routingKey: event.type, messageId: event.id, body: Buffer.from(JSON.stringify(event)), contentType: 'application/cloudevents+json' });
    }
  }));
  return sends;
}

async function settle(arrivals, count, timeoutMs = 120000) {
  const deadline = Date.now() + timeoutMs;
  while (arrivals.size < count) {
    if (Date.now() > deadline) throw new Error(`only ${arrivals.size} of ${count} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return new Map(arrivals);
}

function summarise(label, sent, arrivals) {
  const latencies = [...sent].map(([id, at]) => arrivals.get(id) - at).sort((a, b) => a - b);
  const first = Math.min(...sent.values());
  const last = Math.max(...arrivals.values());
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  return { label, events: sent.size, perSecond: sent.size / ((last - first) / 1000), p50: q(50), p99: q(99), max: latencies.at(-1) };
}

function print(results, writers) {
  const raw = results.find((r) => r.label.startsWith('raw'));
  console.log(`\noutbox relay vs raw RabbitMQ publishing (confirms, persistent, mandatory); latency = commit (or send) → consumer receipt; ${writers} writers`);
  console.table(results.map((r) => ({
    run: r.label,
    events: r.events,
    'events/s': Math.round(r.perSecond),
    'vs raw': r === raw ? '1.00' : (r.perSecond / raw.perSecond).toFixed(2),
    'p50 ms': Number.isNaN(r.p50) ? '-' : r.p50.toFixed(1),
    'p99 ms': Number.isNaN(r.p99) ? '-' : r.p99.toFixed(1),
    'max ms': Number.isNaN(r.max) ? '-' : r.max.toFixed(1),
  })));
  console.log('"flat out" is bounded by how fast the writers commit; "draining a backlog" is the relay alone (latency not meaningful there);');
  console.log('the paced run is bounded by its rate, so its "vs raw" is not a throughput ratio.');
}

function valueOf(args, flag) {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

module.exports = { run };

import { Pool } from 'pg';
import {
  careGraphTopology,
  createLogger,
  describeMismatch,
  type ConsumerDefinition,
  type Logger,
  type MessageBroker,
  type TopologyReport,
} from '@caregraph/shared';
import { ConsumerMetrics } from './consumers/runtime/ConsumerMetrics';
import { startConsumer, type ConsumerRetryOptions, type RunningConsumer } from './consumers/runtime/startConsumer';
import { serveHealth } from './http/serveHealth';
import { RelayMetrics } from './metrics/RelayMetrics';
import { outboxStats } from './ops/outboxStats';
import { OutboxRelay, type OutboxRelayOptions } from './relay/OutboxRelay';
import { DEFAULT_RETENTION, OutboxRetention, type RetentionPolicy } from './relay/OutboxRetention';
import type { RetryPolicy } from './relay/retryDelay';

/** Outboxes relayed (and reported by `npm run ops`) when none are named; missing tables are skipped. */
export const DEFAULT_OUTBOX_SCHEMAS = ['identity', 'care', 'billing', 'notifications', 'audit', 'sagas'];

export interface EventRelayOptions {
  databaseUrl: string;
  /** Postgres schemas whose `outbox` tables are relayed, e.g. ['identity', 'care']; missing tables are skipped until they appear. */
  schemas: string[];
  broker: MessageBroker;
  /** Prefix of exchanges and queues (CareGraphConfig.namespace). */
  namespace: string;
  /** Port of /health and /metrics. Default 4010; 0 picks a free one. */
  port?: number;
  /** Interface of that port. Default 127.0.0.1: it is for operators and scrapers, not for clients. */
  host?: string;
  /** Outbox sweep interval. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Rows claimed per transaction. Default 250. */
  batchSize?: number;
  /** Batches in flight per schema, each its own transaction. Default 2. */
  parallelBatches?: number;
  /** Publish retries of rows the broker refuses. Default 10 attempts, 1 s doubling up to 5 min. */
  retry?: Partial<RetryPolicy>;
  /** Deletion of PROCESSED rows. Default: older than 7 days, 500 per statement, every minute. */
  retention?: Partial<RetentionPolicy>;
  /** Pause while RabbitMQ is unreachable. Default 100 ms doubling to 2 s. */
  outageBackoff?: OutboxRelayOptions['outageBackoff'];
  /** Run the outbox relay and retention in this process. Default true (false: consumers only). */
  relay?: boolean;
  /** Consumer roles run by the consumer runtime here, started after the topology is declared. Default none. */
  consumers?: ConsumerDefinition[];
  /** Retry delays and prefetch of those consumers. Default 1 s, 10 s, 60 s; prefetch 10. */
  consumerRetry?: ConsumerRetryOptions;
  logger?: Logger;
}

export interface EventRelay {
  port: number;
  /** What declaring the topology found; mismatches are also on /health. */
  topology: TopologyReport;
  /** The consumers started (in the order given). */
  consumers: RunningConsumer[];
  /** Stops consumers and relaying, closes the HTTP server and the database pool; not the broker nor the consumers' ORMs (nor what they publish on). */
  stop(): Promise<void>;
}

/** Declares the topology, then runs the outbox relay, retention, the consumers and /health + /metrics. */
export async function startEventRelay(options: EventRelayOptions): Promise<EventRelay> {
  const logger = options.logger ?? createLogger('event-relay');
  const retryLevels = options.consumerRetry?.delaysMs?.length;
  const topology = await options.broker.assertTopology(careGraphTopology(options.namespace, { retryLevels }));
  // Two batches in flight per schema, plus stats, retention and health.
  const pool = new Pool({ connectionString: options.databaseUrl, max: Math.min(16, options.schemas.length * 2 + 3) });
  pool.on('error', (error) => logger.warn({ err: error }, 'Idle Postgres connection failed'));
  const stats = () => outboxStats(pool, options.schemas);
  // The metrics are created first (the relay reports to them) and ask the relay lazily.
  const metrics: RelayMetrics = new RelayMetrics(stats, () => relay.brokerAvailable());
  const relay: OutboxRelay = new OutboxRelay({
    pool,
    databaseUrl: options.databaseUrl,
    schemas: options.schemas,
    broker: options.broker,
    namespace: options.namespace,
    logger,
    pollIntervalMs: options.pollIntervalMs,
    batchSize: options.batchSize,
    parallelBatches: options.parallelBatches,
    retry: options.retry,
    outageBackoff: options.outageBackoff,
    observer: metrics,
  });
  const retention = new OutboxRetention(pool, options.schemas, { ...DEFAULT_RETENTION, ...options.retention }, logger, (schema, rows) =>
    metrics.deleted(schema, rows),
  );
  const started: { stop(): Promise<void> }[] = [];
  const consumers: RunningConsumer[] = [];
  try {
    if (options.relay !== false) {
      await relay.start();
      started.push(relay);
      retention.start();
      started.push(retention);
    }
    const consumerMetrics = new ConsumerMetrics(metrics.registry);
    for (const definition of options.consumers ?? []) {
      const consumer = await startConsumer(definition, {
        broker: options.broker,
        namespace: options.namespace,
        retry: options.consumerRetry,
        logger,
        metrics: consumerMetrics,
      });
      consumers.push(consumer);
      started.push(consumer);
      const known = new Set(topology.mismatches.map((m) => `${m.kind} ${m.name}`));
      topology.mismatches.push(...consumer.topology.mismatches.filter((m) => !known.has(`${m.kind} ${m.name}`)));
    }
    // Still 200 when degraded: the relay is up and events wait safely in the outboxes.
    const health = async () => {
      const brokerAvailable = relay.brokerAvailable();
      return {
        ...(topology.mismatches.length || !brokerAvailable ? { status: 'degraded' } : {}),
        ...(topology.mismatches.length ? { topologyMismatches: topology.mismatches.map(describeMismatch) } : {}),
        broker: { available: brokerAvailable },
        consumers: consumers.map((consumer) => consumer.name),
        outbox: await stats(),
      };
    };
    const server = await serveHealth({ port: options.port ?? 4010, host: options.host ?? '127.0.0.1' }, health, metrics.registry, logger);
    started.push({ stop: server.close });
    logger.info({ port: server.port, schemas: options.schemas, relay: options.relay !== false, consumers: consumers.map((c) => c.name) }, 'event-relay started');
    return { port: server.port, topology, consumers, stop: () => stopAll(started, pool) };
  } catch (error) {
    await stopAll(started, pool);
    throw error;
  }
}

async function stopAll(started: { stop(): Promise<void> }[], pool: Pool): Promise<void> {
  for (const part of [...started].reverse()) await part.stop().catch(() => undefined);
  await pool.end().catch(() => undefined);
}

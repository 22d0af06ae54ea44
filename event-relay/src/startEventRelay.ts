import { Pool } from 'pg';
import { careGraphTopology, createLogger, type EventPubSub, type Logger, type MessageBroker } from '@caregraph/shared';
import { RealtimeBridge } from './bridge/RealtimeBridge';
import { serveHealth } from './http/serveHealth';
import { RelayMetrics } from './metrics/RelayMetrics';
import { outboxBacklog } from './relay/outboxBacklog';
import { OutboxRelay } from './relay/OutboxRelay';
import type { RetryPolicy } from './relay/retryDelay';

export interface EventRelayOptions {
  databaseUrl: string;
  /** Postgres schemas whose `outbox` tables are relayed, e.g. ['identity', 'care']. */
  schemas: string[];
  broker: MessageBroker;
  pubsub: EventPubSub;
  /** Prefix of exchanges, queues and Redis channels (CareGraphConfig.namespace). */
  namespace: string;
  /** Port of /health and /metrics. Default 4010; 0 picks a free one. */
  port?: number;
  /** Outbox sweep interval. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Publish retries of outbox rows. Default 10 attempts, 1 s doubling up to 5 min. */
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
}

export interface EventRelay {
  port: number;
  /** Stops relaying and bridging, closes the HTTP server and the database pool; not the broker or pub/sub. */
  stop(): Promise<void>;
}

/** Declares the topology, then runs the outbox relay, the realtime bridge and /health + /metrics. */
export async function startEventRelay(options: EventRelayOptions): Promise<EventRelay> {
  const logger = options.logger ?? createLogger('event-relay');
  await options.broker.assertTopology(careGraphTopology(options.namespace));
  const pool = new Pool({ connectionString: options.databaseUrl, max: Math.max(4, options.schemas.length + 2) });
  pool.on('error', (error) => logger.warn({ err: error }, 'Idle Postgres connection failed'));
  const backlog = () => outboxBacklog(pool, options.schemas);
  const metrics = new RelayMetrics(async () =>
    Object.fromEntries(Object.entries(await backlog()).map(([schema, b]) => [schema, b.pending])),
  );
  const relay = new OutboxRelay({
    pool,
    databaseUrl: options.databaseUrl,
    schemas: options.schemas,
    broker: options.broker,
    namespace: options.namespace,
    logger,
    pollIntervalMs: options.pollIntervalMs,
    retry: options.retry,
    observer: metrics,
  });
  const bridge = new RealtimeBridge({ broker: options.broker, pubsub: options.pubsub, namespace: options.namespace, logger });
  const started: { stop(): Promise<void> }[] = [];
  try {
    await relay.start();
    started.push(relay);
    await bridge.start();
    started.push(bridge);
    const server = await serveHealth(options.port ?? 4010, async () => ({ outbox: await backlog() }), metrics.registry, logger);
    started.push({ stop: server.close });
    logger.info({ port: server.port, schemas: options.schemas }, 'event-relay started');
    return { port: server.port, stop: () => stopAll(started, pool) };
  } catch (error) {
    await stopAll(started, pool);
    throw error;
  }
}

async function stopAll(started: { stop(): Promise<void> }[], pool: Pool): Promise<void> {
  for (const part of [...started].reverse()) await part.stop().catch(() => undefined);
  await pool.end().catch(() => undefined);
}

import { AmqpBroker, createLogger, loadConfig, RedisEventPubSub } from '@caregraph/shared';
import { DEFAULT_OUTBOX_SCHEMAS, startEventRelay } from './startEventRelay';

/**
 * Services-mode entry point: `node event-relay/dist/main.js`. Besides DATABASE_URL, RABBITMQ_URL
 * and REDIS_URL: OUTBOX_SCHEMAS, RELAY_PORT, OUTBOX_POLL_MS, OUTBOX_BATCH_SIZE,
 * OUTBOX_MAX_ATTEMPTS, OUTBOX_RETENTION_HOURS, RELAY_BRIDGE=false (relay only).
 */
async function main(): Promise<void> {
  const logger = createLogger('event-relay');
  const config = loadConfig();
  if (config.mode !== 'services' || !config.databaseUrl || !config.rabbitmqUrl || !config.redisUrl) {
    throw new Error('event-relay runs in services mode: set DATABASE_URL, RABBITMQ_URL and REDIS_URL.');
  }
  const env = process.env;
  const number = (name: string) => (env[name] ? Number(env[name]) : undefined);
  const schemas = (env.OUTBOX_SCHEMAS ?? DEFAULT_OUTBOX_SCHEMAS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const broker = await AmqpBroker.connect(config.rabbitmqUrl, { logger });
  const pubsub = await RedisEventPubSub.connect(config.redisUrl);
  const retentionHours = number('OUTBOX_RETENTION_HOURS');
  const relay = await startEventRelay({
    databaseUrl: config.databaseUrl,
    schemas,
    broker,
    pubsub,
    namespace: config.namespace,
    port: number('RELAY_PORT'),
    pollIntervalMs: number('OUTBOX_POLL_MS'),
    batchSize: number('OUTBOX_BATCH_SIZE'),
    retry: number('OUTBOX_MAX_ATTEMPTS') ? { maxAttempts: number('OUTBOX_MAX_ATTEMPTS') } : undefined,
    retention: retentionHours !== undefined ? { maxAgeMs: retentionHours * 3600_000 } : undefined,
    bridge: env.RELAY_BRIDGE !== 'false',
    logger,
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Stopping event-relay');
    await relay.stop();
    await Promise.allSettled([broker.close(), pubsub.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  createLogger('event-relay').fatal({ err: error }, 'event-relay failed to start');
  process.exit(1);
});

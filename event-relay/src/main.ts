import { AmqpBroker, createLogger, loadConfig, RedisEventPubSub } from '@caregraph/shared';
import { startEventRelay } from './startEventRelay';

/** Services-mode entry point: `node event-relay/dist/main.js`. */
async function main(): Promise<void> {
  const logger = createLogger('event-relay');
  const config = loadConfig();
  if (config.mode !== 'services' || !config.databaseUrl || !config.rabbitmqUrl || !config.redisUrl) {
    throw new Error('event-relay runs in services mode: set DATABASE_URL, RABBITMQ_URL and REDIS_URL.');
  }
  const schemas = (process.env.OUTBOX_SCHEMAS ?? 'identity,care').split(',').map((s) => s.trim()).filter(Boolean);
  const broker = await AmqpBroker.connect(config.rabbitmqUrl, { logger });
  const pubsub = await RedisEventPubSub.connect(config.redisUrl);
  const relay = await startEventRelay({
    databaseUrl: config.databaseUrl,
    schemas,
    broker,
    pubsub,
    namespace: config.namespace,
    port: process.env.RELAY_PORT ? Number(process.env.RELAY_PORT) : undefined,
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

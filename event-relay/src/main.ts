// First: tracing must be set up before the modules it instruments load (docs/operations.md).
import '@caregraph/shared/telemetry/register';
import { AmqpBroker, createLogger, listenPort, loadConfig, millisecondsList, num, readEnv, RedisEventPubSub, str } from '@caregraph/shared';
import { auditRole, billingRole, careRole, notificationsRole, parseRelayRoles, sagasRole, webhooksRole, type RelayRole, type RoleConfig, type RoleConsumers } from './roles';
import { DEFAULT_OUTBOX_SCHEMAS, startEventRelay } from './startEventRelay';

const CONSUMER_ROLES: [RelayRole, (config: RoleConfig) => Promise<RoleConsumers>][] = [
  ['audit', auditRole],
  ['notifications', notificationsRole],
  ['sagas', sagasRole],
  // The command consumers of care and billing (ADR 0010).
  ['care', careRole],
  ['billing', billingRole],
  // Webhooks out: the only role that calls outside URLs (ADR 0014).
  ['webhooks', webhooksRole],
];

/**
 * Services-mode entry point: `node event-relay/dist/main.js`. Besides DATABASE_URL, RABBITMQ_URL
 * and REDIS_URL: RELAY_ROLES (default relay,audit,notifications,sagas,care,billing,webhooks; each role can run
 * as its own process), OUTBOX_SCHEMAS, RELAY_PORT, RELAY_HOST (127.0.0.1), OUTBOX_POLL_MS, OUTBOX_BATCH_SIZE, OUTBOX_PARALLEL_BATCHES,
 * OUTBOX_MAX_ATTEMPTS, OUTBOX_RETENTION_HOURS,
 * CONSUMER_RETRY_DELAYS_MS (default 1000,10000,60000), CONSUMER_PREFETCH (default 10).
 */
async function main(): Promise<void> {
  const logger = createLogger('event-relay');
  const config = loadConfig();
  if (config.mode !== 'services' || !config.databaseUrl || !config.rabbitmqUrl || !config.redisUrl) {
    throw new Error('event-relay runs in services mode: set DATABASE_URL, RABBITMQ_URL and REDIS_URL.');
  }
  const env = process.env;
  const settings = readEnv({
    RELAY_PORT: listenPort({ default: 4010 }),
    RELAY_HOST: str({ default: '127.0.0.1' }),
    OUTBOX_POLL_MS: num({ default: undefined }),
    OUTBOX_BATCH_SIZE: num({ default: undefined }),
    OUTBOX_PARALLEL_BATCHES: num({ default: undefined }),
    OUTBOX_MAX_ATTEMPTS: num({ default: undefined }),
    OUTBOX_RETENTION_HOURS: num({ default: undefined }),
    CONSUMER_PREFETCH: num({ default: undefined }),
    CONSUMER_RETRY_DELAYS_MS: millisecondsList({ default: undefined }),
  });
  type NumericSetting = 'RELAY_PORT' | 'OUTBOX_POLL_MS' | 'OUTBOX_BATCH_SIZE' | 'OUTBOX_PARALLEL_BATCHES' | 'OUTBOX_MAX_ATTEMPTS' | 'OUTBOX_RETENTION_HOURS' | 'CONSUMER_PREFETCH';
  const number = (name: NumericSetting): number | undefined => settings[name];
  const schemas = (env.OUTBOX_SCHEMAS ?? DEFAULT_OUTBOX_SCHEMAS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const roles = parseRelayRoles(env.RELAY_ROLES);
  const delaysMs = settings.CONSUMER_RETRY_DELAYS_MS;
  const pubsub = await RedisEventPubSub.connect(config.redisUrl);
  const roleConfig: RoleConfig = { databaseUrl: config.databaseUrl, namespace: config.namespace, logger, env, pubsub };
  const opened: RoleConsumers[] = [];
  for (const [role, build] of CONSUMER_ROLES) if (roles.has(role)) opened.push(await build(roleConfig));
  const broker = await AmqpBroker.connect(config.rabbitmqUrl, { logger });
  const retentionHours = number('OUTBOX_RETENTION_HOURS');
  const relay = await startEventRelay({
    databaseUrl: config.databaseUrl,
    schemas,
    broker,
    namespace: config.namespace,
    port: number('RELAY_PORT'),
    host: settings.RELAY_HOST,
    pollIntervalMs: number('OUTBOX_POLL_MS'),
    batchSize: number('OUTBOX_BATCH_SIZE'),
    parallelBatches: number('OUTBOX_PARALLEL_BATCHES'),
    retry: number('OUTBOX_MAX_ATTEMPTS') ? { maxAttempts: number('OUTBOX_MAX_ATTEMPTS') } : undefined,
    retention: retentionHours !== undefined ? { maxAgeMs: retentionHours * 3600_000 } : undefined,
    relay: roles.has('relay'),
    consumers: opened.flatMap((role) => role.consumers),
    consumerRetry: { delaysMs, prefetch: number('CONSUMER_PREFETCH') },
    logger,
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Stopping event-relay');
    await relay.stop();
    await Promise.allSettled([broker.close(), pubsub.close(), ...opened.map((role) => role.close())]);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  createLogger('event-relay').fatal({ err: error }, 'event-relay failed to start');
  process.exit(1);
});

import 'reflect-metadata';
import { createLogger, loadConfig } from '@caregraph/shared';
import { startNotifications } from './index';

const logger = createLogger('notifications');

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    logger.error('DATABASE_URL is required');
    process.exit(1);
  }
  // The notifications subgraph needs only Postgres, so only the JWT settings are read from loadConfig
  // (it insists on all or none of the DATABASE/RABBITMQ/REDIS URLs).
  const { jwtSecret } = loadConfig({ JWT_SECRET: process.env.JWT_SECRET });
  const port = Number(process.env.NOTIFICATIONS_PORT ?? 4004);
  const running = await startNotifications({ databaseUrl, port, jwtSecret, logger });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'notifications stopping');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'notifications did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  logger.error({ err: error }, 'notifications failed to start');
  process.exit(1);
});

import 'reflect-metadata';
import { createLogger, loadConfig } from '@caregraph/shared';
import { startBilling } from './index';

const logger = createLogger('billing');

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    logger.error('DATABASE_URL is required');
    process.exit(1);
  }
  // The billing subgraph needs only Postgres, so only the JWT settings are read from loadConfig
  // (it insists on all or none of the DATABASE/RABBITMQ/REDIS URLs).
  const { jwtSecret } = loadConfig({ JWT_SECRET: process.env.JWT_SECRET });
  const port = Number(process.env.BILLING_PORT ?? 4003);
  const running = await startBilling({ databaseUrl, port, jwtSecret, logger });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'billing stopping');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'billing did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  logger.error({ err: error }, 'billing failed to start');
  process.exit(1);
});

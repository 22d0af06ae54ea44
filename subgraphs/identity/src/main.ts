import 'reflect-metadata';
import { createLogger, ensureDatabase, loadConfig } from '@caregraph/shared';
import { startIdentity } from './index';

const DEFAULT_PORT = 4001;

async function main(): Promise<void> {
  const logger = createLogger('identity');
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required to run the identity subgraph on its own.');
  // Only the token settings are read here: loadConfig insists on all three service URLs
  // together, which a lone subgraph does not need.
  const { jwtSecret, jwtTtl } = loadConfig({ JWT_SECRET: process.env.JWT_SECRET, JWT_TTL: process.env.JWT_TTL });
  const port = Number(process.env.IDENTITY_PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0) throw new Error(`IDENTITY_PORT ${process.env.IDENTITY_PORT} is not a port.`);

  await ensureDatabase(databaseUrl);
  const running = await startIdentity({ databaseUrl, port, jwtSecret, jwtTtl, logger });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'identity stopping');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'identity did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  createLogger('identity').fatal({ err: error }, 'identity failed to start');
  process.exit(1);
});

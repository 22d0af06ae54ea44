import 'reflect-metadata';
import { createLogger, createOrm, migrateUp, serveSubgraph, type Logger } from '@caregraph/shared';
import { identityEntities } from './entities';
import { identityContextExtender } from './IdentityContext';
import { identityMigrations } from './migrations';
import { buildIdentitySchema } from './schema';

export { buildIdentitySchema } from './schema';
export { identityEntities } from './entities';
export { identityMigrations } from './migrations';
export { IDENTITY_SOURCE, IdentityEvents } from './common/identityEvents';
export type { IdentityContext } from './IdentityContext';

export interface StartIdentityOptions {
  /** Postgres URL; the database must exist (the `identity` schema is created if missing). */
  databaseUrl: string;
  /** 0 picks a free port. */
  port: number;
  /** HS256 secret shared with the gateway and the other subgraphs. */
  jwtSecret: string;
  /** Lifetime of issued tokens, default `12h`. */
  jwtTtl?: string;
  host?: string;
  /** Default: createLogger('identity'). */
  logger?: Logger;
}

export interface RunningIdentity {
  url: string;
  port: number;
  /** Stops serving (draining requests), then closes the database pool. */
  stop(): Promise<void>;
}

/** Opens the ORM, applies pending migrations and serves the identity subgraph. */
export async function startIdentity(options: StartIdentityOptions): Promise<RunningIdentity> {
  const logger = options.logger ?? createLogger('identity');
  const orm = await createOrm({ clientUrl: options.databaseUrl, schema: 'identity', entities: identityEntities, migrations: identityMigrations });
  try {
    const applied = await migrateUp(orm);
    if (applied.length) logger.info({ applied }, 'identity migrations applied');
    const { schema } = await buildIdentitySchema();
    const server = await serveSubgraph({
      name: 'identity',
      schema,
      orm,
      port: options.port,
      host: options.host,
      jwtSecret: options.jwtSecret,
      logger,
      extendContext: identityContextExtender({ jwtSecret: options.jwtSecret, jwtTtl: options.jwtTtl ?? '12h' }),
    });
    return {
      url: server.url,
      port: server.port,
      stop: async () => {
        await server.stop();
        await orm.close();
      },
    };
  } catch (error) {
    await orm.close();
    throw error;
  }
}

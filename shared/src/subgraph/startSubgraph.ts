import type { Constructor, MigrationObject } from '@mikro-orm/core';
import type { GraphQLSchema } from 'graphql';
import { loadTokenKeys, type LoadedTokenKeys } from '../auth';
import { ConfigError, listenPort, loadConfig, readEnv } from '../config';
import { createLogger, type Logger } from '../logger';
import { createOrm, ensureDatabase, migrateUp } from '../orm';
import type { SubgraphContext } from './SubgraphContext';
import { serveSubgraph, type RunningServer } from './serveSubgraph';
import type { SubgraphRoute } from './SubgraphRoute';

/** What makes one subgraph: its Postgres schema, entities, migrations and GraphQL schema. */
export interface SubgraphDefinition<TContext extends SubgraphContext> {
  /** e.g. `care`; also the Postgres schema it owns. */
  name: string;
  entities: Constructor[];
  migrations: MigrationObject[];
  buildSchema: () => Promise<{ schema: GraphQLSchema }>;
  extendContext?: (base: SubgraphContext) => TContext;
  /** HTTP endpoints besides `/graphql`, served behind the gateway's credential (SubgraphRoute). */
  routes?: SubgraphRoute[];
}

export interface StartSubgraphOptions {
  databaseUrl: string;
  /** 0 picks a free port. */
  port: number;
  jwtSecret: string;
  /** Asymmetric keys (JWKS to verify, identity's private key to sign), when configured. */
  tokenKeys?: LoadedTokenKeys;
  /** Verifies the gateway's per-request credential; default the development secret. */
  subgraphSecret?: string;
  /** Lifetime of the tokens a subgraph issues (identity), default `12h`. */
  jwtTtl?: string;
  logger?: Logger;
  host?: string;
  /** Port of the internal Prometheus `/metrics` on 127.0.0.1 (0 picks a free one). Default none: off. */
  metricsPort?: number;
}

/** Opens the ORM on the subgraph's schema, applies pending migrations and serves it. */
export async function startSubgraph<TContext extends SubgraphContext>(
  definition: SubgraphDefinition<TContext>,
  options: StartSubgraphOptions,
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(definition.name);
  const orm = await createOrm({
    clientUrl: options.databaseUrl,
    schema: definition.name,
    entities: definition.entities,
    migrations: definition.migrations,
  });
  try {
    const applied = await migrateUp(orm);
    if (applied.length) logger.info({ applied }, `${definition.name} migrations applied`);
    const { schema } = await definition.buildSchema();
    const server = await serveSubgraph<TContext>({
      name: definition.name,
      schema,
      orm,
      port: options.port,
      host: options.host,
      jwtSecret: options.jwtSecret,
      tokenKeys: options.tokenKeys,
      subgraphSecret: options.subgraphSecret,
      logger,
      extendContext: definition.extendContext,
      routes: definition.routes,
      metricsPort: options.metricsPort,
    });
    return {
      url: server.url,
      port: server.port,
      metricsUrl: server.metricsUrl,
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

/**
 * The CLI of a subgraph process: DATABASE_URL (required), the port from `portEnv` (else
 * `defaultPort`), the internal `/metrics` port from `<NAME>_METRICS_PORT` (unset: none), JWT_SECRET;
 * stops cleanly on SIGTERM/SIGINT.
 */
export function runSubgraphMain(
  name: string,
  portEnv: string,
  defaultPort: number,
  start: (options: StartSubgraphOptions) => Promise<RunningServer>,
): void {
  const logger = createLogger(name);
  const main = async () => {
    const config = loadConfig();
    const { databaseUrl, jwtSecret, jwtTtl, subgraphSecret, subgraphHost: host } = config;
    if (!databaseUrl) throw new ConfigError({ DATABASE_URL: 'is required' });
    const port = readEnv({ [portEnv]: listenPort({ default: defaultPort }) })[portEnv];
    const metricsPortEnv = `${name.toUpperCase()}_METRICS_PORT`;
    const metricsPort = readEnv({ [metricsPortEnv]: listenPort({ default: undefined }) })[metricsPortEnv];
    // A subgraph may be the first process to reach a new database.
    await ensureDatabase(databaseUrl);
    const tokenKeys = await loadTokenKeys(config);
    const running = await start({ databaseUrl, port, host, jwtSecret, jwtTtl, tokenKeys, subgraphSecret, logger, metricsPort });
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, `${name} stopping`);
      running.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, `${name} did not stop cleanly`);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  };
  main().catch((error: unknown) => {
    logger.error({ err: error }, `${name} failed to start`);
    process.exit(1);
  });
}

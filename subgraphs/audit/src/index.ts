import 'reflect-metadata';
import { createLogger, createOrm, migrateUp, serveSubgraph, type Logger, type SubgraphContext } from '@caregraph/shared';
import { auditEntities, auditMigrations } from './entities';
import { buildAuditSchema } from './schema';

export { buildAuditSchema } from './schema';
export { auditEntities, auditMigrations } from './entities';
export { AuditEntry } from './store/AuditEntry.entity';
export { appendToAuditLog } from './store/appendToAuditLog';
export { replay, type ReplayOptions } from './store/replay';
export { auditConsumer, type AuditConsumerOptions } from './consumer/auditConsumer';
export { typePatternsToRegex } from './store/typePatterns';
export { findAuditEntries, type AuditQuery } from './auditLog/findAuditEntries';

export interface StartAuditOptions {
  databaseUrl: string;
  /** 0 picks a free port. */
  port: number;
  jwtSecret: string;
  logger?: Logger;
  host?: string;
}

export interface RunningAudit {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Opens the ORM on schema `audit`, applies pending migrations and serves the subgraph. */
export async function startAudit(options: StartAuditOptions): Promise<RunningAudit> {
  const logger = options.logger ?? createLogger('audit');
  const orm = await createOrm({ clientUrl: options.databaseUrl, schema: 'audit', entities: auditEntities, migrations: auditMigrations });
  try {
    const applied = await migrateUp(orm);
    if (applied.length) logger.info({ applied }, 'audit migrations applied');
    const { schema } = await buildAuditSchema();
    const server = await serveSubgraph<SubgraphContext>({
      name: 'audit',
      schema,
      orm,
      port: options.port,
      host: options.host,
      jwtSecret: options.jwtSecret,
      logger,
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

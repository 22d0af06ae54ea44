import 'reflect-metadata';
import { startSubgraph, type RunningServer, type StartSubgraphOptions, type SubgraphContext } from '@caregraph/shared';
import { auditEntities, auditMigrations } from './entities';
import { buildAuditSchema } from './schema';

export { buildAuditSchema } from './schema';
export { auditEntities, auditMigrations } from './entities';
export { AuditEntry } from './store/AuditEntry.entity';
export { appendToAuditLog, type AppendResult } from './store/appendToAuditLog';
export { replay, type ReplayOptions } from './store/replay';
export { auditConsumer, type AuditConsumerOptions } from './consumer/auditConsumer';
export { typePatternsToRegex } from './store/typePatterns';
export { findAuditEntries, type AuditQuery } from './auditLog/findAuditEntries';
export { findCircleLog } from './circleLog/findCircleLog';
export { encodeCircleLogCursor, decodeCircleLogCursor } from './circleLog/circleLogCursor';

export type StartAuditOptions = StartSubgraphOptions;
export type RunningAudit = RunningServer;

/** Opens the ORM on schema `audit`, applies pending migrations and serves the subgraph. */
export function startAudit(options: StartAuditOptions): Promise<RunningAudit> {
  return startSubgraph<SubgraphContext>({ name: 'audit', entities: auditEntities, migrations: auditMigrations, buildSchema: buildAuditSchema }, options);
}

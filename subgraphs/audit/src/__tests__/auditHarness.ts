import { createCloudEvent, createOrm, type CloudEvent, type NewCloudEvent } from '@caregraph/shared';
import { startSubgraphHarness, type GraphQLResponse, type SubgraphHarness } from '@caregraph/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { auditEntities, auditMigrations } from '../entities';
import { startAudit, type RunningAudit } from '../index';
import { appendToAuditLog } from '../store/appendToAuditLog';

export type { GraphQLResponse } from '@caregraph/testing';

/** A running audit subgraph on its own database, with helpers to act as members and append events. */
export interface AuditHarness extends SubgraphHarness<RunningAudit> {
  audit: RunningAudit;
  /** A second ORM on the same database, for calling the writer as the audit consumer does. */
  orm: MikroORM<PostgreSqlDriver>;
  em(): EntityManager;
  /** Builds a CloudEvent (care source, a fresh id) and appends it through appendToAuditLog. */
  append(event: Partial<NewCloudEvent<Record<string, unknown>>> & { type: string }): Promise<CloudEvent>;
}

export async function startAuditHarness(label: string): Promise<AuditHarness> {
  const harness = await startSubgraphHarness(label, startAudit);
  const orm = await createOrm({ clientUrl: harness.databaseUrl, schema: 'audit', entities: auditEntities, migrations: auditMigrations, poolMax: 2 });
  return {
    ...harness,
    audit: harness.subgraph,
    orm,
    em: () => orm.em.fork() as EntityManager,
    async append(input) {
      const event = createCloudEvent({ source: '/caregraph/care', data: {}, ...input });
      await appendToAuditLog(orm.em.fork() as EntityManager, event as CloudEvent);
      return event as CloudEvent;
    },
    async close() {
      await orm.close();
      await harness.close();
    },
  };
}

export function errorOf(response: GraphQLResponse): { code?: string; field?: string } {
  return response.errors?.[0]?.extensions ?? {};
}

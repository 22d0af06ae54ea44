import { createCloudEvent, createOrm, type CloudEvent, type NewCloudEvent } from '@caregraph/shared';
import { startSubgraphHarness, type SubgraphHarness } from '@caregraph/testing';
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
  /**
   * Another ORM on the same database with a pool of `poolMax` connections (the one above has 2),
   * for tests that need that many transactions open at once; closed by `close()`.
   */
  openOrm(poolMax: number): Promise<MikroORM<PostgreSqlDriver>>;
  /**
   * Builds a CloudEvent (care source, a fresh id) and appends it through appendToAuditLog, in a
   * transaction of its own as the audit consumer does.
   */
  append(event: Partial<NewCloudEvent<Record<string, unknown>>> & { type: string }): Promise<CloudEvent>;
}

export async function startAuditHarness(label: string): Promise<AuditHarness> {
  const harness = await startSubgraphHarness(label, startAudit);
  const open = (poolMax: number) =>
    createOrm({ clientUrl: harness.databaseUrl, schema: 'audit', entities: auditEntities, migrations: auditMigrations, poolMax });
  const orm = await open(2);
  const extraOrms: MikroORM<PostgreSqlDriver>[] = [];
  return {
    ...harness,
    audit: harness.subgraph,
    orm,
    em: () => orm.em.fork() as EntityManager,
    async openOrm(poolMax) {
      const extra = await open(poolMax);
      extraOrms.push(extra);
      return extra;
    },
    async append(input) {
      const event = createCloudEvent({ source: '/caregraph/care', data: {}, ...input });
      await (orm.em.fork() as EntityManager).transactional((em) => appendToAuditLog(em, event as CloudEvent));
      return event as CloudEvent;
    },
    async close() {
      for (const extra of extraOrms) await extra.close();
      await orm.close();
      await harness.close();
    },
  };
}

export { errorOf } from '@caregraph/testing';

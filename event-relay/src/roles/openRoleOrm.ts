import { createOrm, migrateUp, type OrmOptions } from '@caregraph/shared';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { RoleConfig } from './RoleConfig';

/**
 * An ORM for a consumer role on one schema (a small pool). With `migrate`, the schema's
 * migrations are applied first: a consumer may start before the subgraph that owns the
 * schema, and they may race; the loser's second try finds nothing left to do.
 */
export async function openRoleOrm(
  config: RoleConfig,
  options: Pick<OrmOptions, 'schema' | 'entities' | 'migrations'> & { migrate: boolean },
): Promise<{ orm: MikroORM<PostgreSqlDriver>; em: EntityManager }> {
  const orm = await createOrm({ clientUrl: config.databaseUrl, ...options, poolMax: 5 });
  try {
    if (options.migrate) {
      try {
        await migrateUp(orm);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await migrateUp(orm);
      }
    }
  } catch (error) {
    await orm.close();
    throw error;
  }
  return { orm, em: orm.em as EntityManager };
}

import { MikroORM, type Constructor, type MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { OutboxMessage } from '../outbox';
import { statementCounter } from './statementCounter';

export interface OrmOptions {
  clientUrl: string;
  /** The subgraph's own Postgres schema; every entity without an explicit schema lives there. */
  schema: string;
  entities: Constructor[];
  /** Migrations in order, as classes (works the same from ts sources and compiled js). */
  migrations: MigrationObject[];
  /** Connection pool size, default 10. */
  poolMax?: number;
  debug?: boolean;
}

/**
 * Opens a MikroORM instance for one subgraph schema, with the outbox entity included and
 * migrations tracked in `<schema>.mikro_orm_migrations`.
 */
export async function createOrm(options: OrmOptions): Promise<MikroORM<PostgreSqlDriver>> {
  const orm = await MikroORM.init<PostgreSqlDriver>({
    driver: PostgreSqlDriver,
    clientUrl: options.clientUrl,
    schema: options.schema,
    entities: [...options.entities, OutboxMessage],
    extensions: [Migrator],
    migrations: {
      migrationsList: options.migrations,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    allowGlobalContext: false,
    // One context per schema: several ORMs share a process (embedded mode, the consumers), and
    // with the default shared name a fork of one inside another's transaction resolves to the
    // other's context ("Metadata for entity … not found").
    contextName: options.schema,
    debug: options.debug ?? false,
    ensureDatabase: false,
  });
  orm.em.getConnection().getKnex().on('query', () => statementCounter.record(options.schema));
  return orm;
}

/** Applies pending migrations; returns the names applied. */
export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const schema = orm.config.get('schema');
  await orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

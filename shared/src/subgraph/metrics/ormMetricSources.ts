import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Logger } from '../../logger';
import { cachedReading } from './cachedReading';
import type { PoolUse, SubgraphMetricSources } from './createSubgraphMetrics';

/** How long one outbox count serves scrapes. */
export const OUTBOX_PENDING_CACHE_MS = 5000;

/** knex's tarn pool, as far as the gauges read it. */
interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/**
 * The pool gauges read knex's pool; the outbox gauge counts `<schema>.outbox` rows in PENDING (the
 * partial index `outbox_pending_idx` covers them), at most once per OUTBOX_PENDING_CACHE_MS.
 */
export function ormMetricSources(orm: MikroORM<PostgreSqlDriver>, schema: string, logger: Logger): SubgraphMetricSources {
  const count = async () => {
    const [row] = await orm.em.getConnection().execute<{ pending: number }[]>(`select count(*)::int as pending from "${schema}"."outbox" where "status" = 'PENDING'`);
    return row.pending;
  };
  return {
    pool: (): PoolUse | undefined => {
      const pool = (orm.em.getConnection().getKnex().client as { pool?: TarnPool }).pool;
      return pool ? { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires(), max: pool.max } : undefined;
    },
    outboxPending: cachedReading(count, OUTBOX_PENDING_CACHE_MS, (error) => logger.warn({ err: error, schema }, 'outbox pending count failed')),
  };
}

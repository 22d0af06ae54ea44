import type { CloudEvent } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';

const PAGE = `select "position", "event" from "audit"."events"
  where "aggregate_type" = ? and "aggregate_id" = ? and "position" > ?
  order by "position" limit ?`;

export interface ReplayOptions {
  /** Rows read per query, default 500. */
  batchSize?: number;
}

/**
 * Yields one aggregate's stored CloudEvents, exactly as received, in append order (the
 * order the audit consumer stored them, which the relay keeps per aggregate). Reads in
 * batches by position, so a long history never sits in memory at once; through `em`, so it
 * sees the caller's transaction.
 */
export async function* replay(em: EntityManager, aggregateType: string, aggregateId: string, options: ReplayOptions = {}): AsyncGenerator<CloudEvent> {
  const batchSize = options.batchSize ?? 500;
  let after = '0';
  for (;;) {
    const rows: { position: string; event: CloudEvent }[] = await em.execute(PAGE, [aggregateType, aggregateId, after, batchSize]);
    for (const row of rows) yield row.event;
    if (rows.length < batchSize) return;
    after = String(rows[rows.length - 1].position);
  }
}

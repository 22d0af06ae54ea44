import type { Pool } from 'pg';
import { isMissingOutbox, outboxSql } from '../relay/outboxSql';

export interface OutboxStats {
  /** False until the schema's outbox table exists; every figure is then 0 or null. */
  present: boolean;
  /** Rows still PENDING, scheduled ones included. */
  pending: number;
  /** Seconds the oldest due PENDING row has waited; null when none is due. */
  oldestPendingAgeSeconds: number | null;
  failed: number;
  /** Rows marked PROCESSED per second over the window, by every relay. */
  publishedPerSecond: number;
  /** From due (created or scheduled time) to confirmed, over the window; null without publishes. */
  publishLatencyP50Seconds: number | null;
  publishLatencyP99Seconds: number | null;
}

/** Default window of the rate and latency figures. */
export const STATS_WINDOW_SECONDS = 60;

/** Outbox statistics per schema, read from the tables (so they cover every relay). */
export async function outboxStats(pool: Pool, schemas: string[], windowSeconds = STATS_WINDOW_SECONDS): Promise<Record<string, OutboxStats>> {
  const entries = await Promise.all(
    schemas.map(async (schema): Promise<[string, OutboxStats]> => {
      try {
        const { rows } = await pool.query(outboxSql(schema).stats, [windowSeconds]);
        const row = rows[0];
        return [schema, {
          present: true,
          pending: row.pending,
          oldestPendingAgeSeconds: row.oldestPendingAgeSeconds,
          failed: row.failed,
          publishedPerSecond: row.recentlyPublished / windowSeconds,
          publishLatencyP50Seconds: row.latency?.[0] ?? null,
          publishLatencyP99Seconds: row.latency?.[1] ?? null,
        }];
      } catch (error) {
        if (!isMissingOutbox(error)) throw error;
        return [schema, { present: false, pending: 0, oldestPendingAgeSeconds: null, failed: 0, publishedPerSecond: 0, publishLatencyP50Seconds: null, publishLatencyP99Seconds: null }];
      }
    }),
  );
  return Object.fromEntries(entries);
}

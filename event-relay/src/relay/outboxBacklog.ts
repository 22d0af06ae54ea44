import type { Pool } from 'pg';
import { isMissingOutbox, outboxSql } from './outboxSql';

export interface SchemaBacklog {
  /** False until the schema's outbox table exists. */
  present: boolean;
  pending: number;
  /** Seconds the oldest due PENDING row has waited; null when none is due. */
  oldestPendingAgeSeconds: number | null;
}

/** Pending rows per schema, for /health and the pending gauge. */
export async function outboxBacklog(pool: Pool, schemas: string[]): Promise<Record<string, SchemaBacklog>> {
  const entries = await Promise.all(
    schemas.map(async (schema): Promise<[string, SchemaBacklog]> => {
      try {
        const { rows } = await pool.query(outboxSql(schema).backlog);
        return [schema, { present: true, pending: rows[0].pending, oldestPendingAgeSeconds: rows[0].oldestAgeSeconds }];
      } catch (error) {
        if (!isMissingOutbox(error)) throw error;
        return [schema, { present: false, pending: 0, oldestPendingAgeSeconds: null }];
      }
    }),
  );
  return Object.fromEntries(entries);
}

import type { Pool } from 'pg';
import { OUTBOX_NOTIFY_CHANNEL } from '@caregraph/shared';
import { isMissingOutbox, outboxSql } from '../relay/outboxSql';

/**
 * Re-queues FAILED outbox rows (`outbox:retry`): one row by id, or `'all-failed'`, across the
 * schemas. They become PENDING with fresh attempts, and the relays are woken at once.
 * Returns the re-queued ids per schema.
 */
export async function retryFailedOutbox(pool: Pool, schemas: string[], target: string): Promise<Record<string, string[]>> {
  const id = target === 'all-failed' ? null : target;
  if (id !== null && !/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`"${target}" is neither an outbox row id (uuid) nor all-failed`);
  const result: Record<string, string[]> = {};
  for (const schema of schemas) {
    try {
      const { rows } = await pool.query<{ id: string }>(outboxSql(schema).retryFailed, [id]);
      if (rows.length === 0) continue;
      result[schema] = rows.map((row) => row.id);
      await pool.query('select pg_notify($1, $2)', [OUTBOX_NOTIFY_CHANNEL, schema]);
    } catch (error) {
      if (!isMissingOutbox(error)) throw error;
    }
  }
  return result;
}

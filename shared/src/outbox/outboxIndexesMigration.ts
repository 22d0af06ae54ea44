import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox's second set of indexes, measured with `npm run bench -- relay` (docs/adr/0004):
 * - the claim walks PENDING rows in `sequence` order and stops after one batch, instead of
 *   sorting every due row of a backlog for each batch;
 * - the blocked-row check looks only at unprocessed rows of an aggregate, not at its whole
 *   history of PROCESSED rows (it replaces the full aggregate index, which nothing else used);
 * - retention finds old PROCESSED rows without scanning the table.
 */
export function outboxIndexesSql(schema: string): string[] {
  const t = `"${schema}"."outbox"`;
  return [
    `create index if not exists "outbox_pending_sequence_idx" on ${t} ("sequence") where "status" = 'PENDING'`,
    `create index if not exists "outbox_unprocessed_aggregate_idx" on ${t} ("aggregate_type", "aggregate_id", "sequence") where "status" <> 'PROCESSED'`,
    `create index if not exists "outbox_processed_at_idx" on ${t} ("processed_at") where "status" = 'PROCESSED'`,
    `drop index if exists "${schema}"."outbox_aggregate_idx"`,
  ];
}

/** A subgraph's migration adding outboxIndexesSql to its outbox; append it under `name`. */
export function outboxIndexesMigration(schema: string, name: string): MigrationObject {
  class OutboxIndexes extends Migration {
    override async up(): Promise<void> {
      for (const statement of outboxIndexesSql(schema)) this.addSql(statement);
    }

    override async down(): Promise<void> {
      const t = `"${schema}"."outbox"`;
      this.addSql(`create index if not exists "outbox_aggregate_idx" on ${t} ("aggregate_type", "aggregate_id", "sequence")`);
      for (const index of ['outbox_pending_sequence_idx', 'outbox_unprocessed_aggregate_idx', 'outbox_processed_at_idx']) {
        this.addSql(`drop index if exists "${schema}"."${index}"`);
      }
    }
  }
  return { name, class: OutboxIndexes };
}

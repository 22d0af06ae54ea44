import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

/**
 * Lets a scheduled outbox row be withdrawn (cancelScheduled): a `cancel_key` column, the
 * CANCELLED status, and an index that finds a key's PENDING rows without scanning the table.
 * The check constraint is the one Postgres named for the column check of outboxTableSql.
 */
export function outboxCancelSql(schema: string): string[] {
  const t = `"${schema}"."outbox"`;
  return [
    `alter table ${t} add column if not exists "cancel_key" text null`,
    `alter table ${t} drop constraint if exists "outbox_status_check"`,
    `alter table ${t} add constraint "outbox_status_check" check ("status" in ('PENDING', 'PROCESSED', 'FAILED', 'CANCELLED'))`,
    `create index if not exists "outbox_pending_cancel_key_idx" on ${t} ("cancel_key") where "status" = 'PENDING' and "cancel_key" is not null`,
  ];
}

/** A subgraph's migration adding outboxCancelSql to its outbox; append it under `name`. */
export function outboxCancelMigration(schema: string, name: string): MigrationObject {
  class OutboxCancel extends Migration {
    override async up(): Promise<void> {
      for (const statement of outboxCancelSql(schema)) this.addSql(statement);
    }

    override async down(): Promise<void> {
      const t = `"${schema}"."outbox"`;
      // A cancelled row was never to be published; nothing else can represent it.
      this.addSql(`delete from ${t} where "status" = 'CANCELLED'`);
      this.addSql(`drop index if exists "${schema}"."outbox_pending_cancel_key_idx"`);
      this.addSql(`alter table ${t} drop constraint if exists "outbox_status_check"`);
      this.addSql(`alter table ${t} add constraint "outbox_status_check" check ("status" in ('PENDING', 'PROCESSED', 'FAILED'))`);
      this.addSql(`alter table ${t} drop column if exists "cancel_key"`);
    }
  }
  return { name, class: OutboxCancel };
}

/** Postgres channel the outbox trigger notifies; the payload is the schema name. */
export const OUTBOX_NOTIFY_CHANNEL = 'caregraph_outbox';

/**
 * DDL for `<schema>.outbox` and its wake-up trigger, shared by every subgraph's initial
 * migration so all outboxes are identical. Returns one statement per element.
 */
export function outboxTableSql(schema: string): string[] {
  const t = `"${schema}"."outbox"`;
  return [
    `create schema if not exists "${schema}"`,
    `create table ${t} (
      "id" uuid primary key,
      "sequence" bigserial not null unique,
      "event_type" text not null,
      "exchange" text not null default 'domain.events',
      "routing_key" text not null,
      "payload" jsonb not null,
      "aggregate_type" text not null,
      "aggregate_id" text not null,
      "status" text not null default 'PENDING' check ("status" in ('PENDING', 'PROCESSED', 'FAILED')),
      "retry_count" int not null default 0,
      "last_error" text null,
      "available_at" timestamptz not null default now(),
      "processed_at" timestamptz null,
      "correlation_id" text null,
      "caused_by" text null,
      "traceparent" text null,
      "created_at" timestamptz not null default now()
    )`,
    `create index "outbox_pending_idx" on ${t} ("available_at", "sequence") where "status" = 'PENDING'`,
    `create index "outbox_aggregate_idx" on ${t} ("aggregate_type", "aggregate_id", "sequence")`,
    `create or replace function "${schema}"."outbox_notify"() returns trigger language plpgsql as $$
      begin perform pg_notify('${OUTBOX_NOTIFY_CHANNEL}', TG_TABLE_SCHEMA); return null; end $$`,
    `create trigger "outbox_notify" after insert on ${t} for each statement execute function "${schema}"."outbox_notify"()`,
  ];
}

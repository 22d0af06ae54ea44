/**
 * DDL for `<schema>.inbox`: one row per (consumer, event id) already handled. A consumer's
 * migration adds it to the schema its effects live in, so the inbox row and the effects
 * commit together (see ConsumerDefinition).
 */
export function inboxTableSql(schema: string): string[] {
  return [
    `create schema if not exists "${schema}"`,
    `create table if not exists "${schema}"."inbox" (
      "consumer" text not null,
      "event_id" text not null,
      "event_type" text not null,
      "handled_at" timestamptz not null default now(),
      primary key ("consumer", "event_id")
    )`,
  ];
}

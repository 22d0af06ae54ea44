import { Migration } from '@mikro-orm/migrations';
import { outboxTableSql } from '@caregraph/shared';

/**
 * The append-only event store `audit.events` and the audit outbox (empty for now; kept so
 * every subgraph schema has the same shape).
 */
export class Migration0001Initial extends Migration {
  override async up(): Promise<void> {
    for (const statement of outboxTableSql('audit')) this.addSql(statement);
    this.addSql(`create table "audit"."events" (
      "position" bigserial not null unique,
      "id" uuid primary key,
      "type" text not null,
      "source" text not null,
      "subject" text null,
      "aggregate_type" text not null,
      "aggregate_id" text null,
      "care_circle_id" uuid null,
      "actor_id" text null,
      "correlation_id" text null,
      "causation_id" text null,
      "occurred_at" timestamptz not null,
      "recorded_at" timestamptz not null default now(),
      "data" jsonb not null,
      "event" jsonb not null
    )`);
    this.addSql(`create index "events_care_circle_id_position_index" on "audit"."events" ("care_circle_id", "position")`);
    this.addSql(`create index "events_aggregate_position_index" on "audit"."events" ("aggregate_type", "aggregate_id", "position")`);
    this.addSql(`create index "events_type_index" on "audit"."events" ("type")`);
    // Append-only, enforced by the database rather than by convention. Retention is the one
    // exception: a transaction that runs `set local audit.retention = 'on'` may DELETE.
    this.addSql(`create function "audit"."events_append_only"() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'DELETE' and current_setting('audit.retention', true) = 'on' then return old; end if;
        raise exception 'audit.events is append-only: % refused', TG_OP using errcode = 'restrict_violation';
      end $$`);
    this.addSql(`create trigger "events_append_only" before update or delete on "audit"."events"
      for each row execute function "audit"."events_append_only"()`);
    this.addSql(`create trigger "events_no_truncate" before truncate on "audit"."events"
      for each statement execute function "audit"."events_append_only"()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "audit"."events"');
    this.addSql('drop function if exists "audit"."events_append_only"()');
    this.addSql('drop table if exists "audit"."outbox"');
    this.addSql('drop function if exists "audit"."outbox_notify"()');
  }
}

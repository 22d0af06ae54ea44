import { Migration } from '@mikro-orm/migrations';

/** Webhooks out (ADR 0014): the webhooks, one delivery per (webhook, event), every attempt at it. */
export class Migration0005Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "notifications"."webhook" (
      "id" uuid primary key,
      "care_circle_id" uuid not null,
      "url" text not null check (length("url") between 1 and 2048),
      "event_types" text[] not null check (cardinality("event_types") between 1 and 20),
      "secret" text not null check ("secret" like 'whsec\\_%'),
      "created_by" uuid not null,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create index "webhook_care_circle_id_created_at_index" on "notifications"."webhook" ("care_circle_id", "created_at")`);
    this.addSql(`create table "notifications"."webhook_delivery" (
      "id" uuid primary key,
      "webhook_id" uuid not null references "notifications"."webhook" ("id") on delete cascade,
      "event_id" text not null check ("event_id" <> ''),
      "event_type" text not null,
      "body" text not null,
      "status" text not null default 'PENDING' check ("status" in ('PENDING', 'DELIVERED', 'FAILED')),
      "attempts" int not null default 0 check ("attempts" >= 0),
      "last_status_code" int null,
      "latency_ms" int null,
      "last_error" text null,
      "next_attempt_at" timestamptz null,
      "delivered_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      constraint "webhook_delivery_webhook_id_event_id_unique" unique ("webhook_id", "event_id")
    )`);
    this.addSql(`create index "webhook_delivery_webhook_id_created_at_id_index" on "notifications"."webhook_delivery" ("webhook_id", "created_at" desc, "id" desc)`);
    this.addSql(`create table "notifications"."webhook_delivery_attempt" (
      "delivery_id" uuid not null references "notifications"."webhook_delivery" ("id") on delete cascade,
      "number" int not null,
      "attempted_at" timestamptz not null,
      "status_code" int null,
      "latency_ms" int not null,
      "error" text null,
      "next_attempt_at" timestamptz null,
      primary key ("delivery_id", "number")
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "notifications"."webhook_delivery_attempt"');
    this.addSql('drop table if exists "notifications"."webhook_delivery"');
    this.addSql('drop table if exists "notifications"."webhook"');
  }
}

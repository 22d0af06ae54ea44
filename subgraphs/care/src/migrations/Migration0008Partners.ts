import { Migration } from '@mikro-orm/migrations';

/** Partners of a care circle (their secrets sealed) and the event ids each has sent (docs/adr/0013). */
export class Migration0008Partners extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "care"."partner" (
      "id" uuid primary key,
      "care_circle_id" uuid not null,
      "name" text not null check ("name" <> ''),
      "event_types" text[] not null check (cardinality("event_types") > 0),
      "sealed_secret" text not null,
      "registered_by_id" uuid not null,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create index "partner_care_circle_id_index" on "care"."partner" ("care_circle_id")`);
    // One row per accepted event: the key that makes a replayed or repeated event id a duplicate.
    this.addSql(`create table "care"."partner_event" (
      "partner_id" uuid not null references "care"."partner" ("id"),
      "event_id" text not null,
      "event_type" text not null,
      "recorded_event_id" uuid not null,
      "received_at" timestamptz not null default now(),
      primary key ("partner_id", "event_id")
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "care"."partner_event"');
    this.addSql('drop table if exists "care"."partner"');
  }
}

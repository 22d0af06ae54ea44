import { Migration } from '@mikro-orm/migrations';
import { outboxTableSql } from '@caregraph/shared';

/** care recipients, medications, medication logs and the care outbox. */
export class Migration0001Initial extends Migration {
  override async up(): Promise<void> {
    for (const statement of outboxTableSql('care')) this.addSql(statement);
    this.addSql(`create table "care"."care_recipient" (
      "id" uuid primary key,
      "care_circle_id" uuid not null,
      "name" text not null check ("name" <> ''),
      "date_of_birth" date null,
      "created_by_id" uuid not null,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create index "care_recipient_care_circle_id_index" on "care"."care_recipient" ("care_circle_id")`);
    this.addSql(`create table "care"."medication" (
      "id" uuid primary key,
      "care_recipient_id" uuid not null references "care"."care_recipient" ("id"),
      "care_circle_id" uuid not null,
      "name" text not null check ("name" <> ''),
      "dosage" text not null check ("dosage" <> ''),
      "schedule_times" text[] not null default '{}',
      "supply_remaining" int not null check ("supply_remaining" >= 0),
      "refill_threshold" int not null check ("refill_threshold" >= 0),
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create index "medication_care_recipient_id_index" on "care"."medication" ("care_recipient_id")`);
    this.addSql(`create table "care"."medication_log" (
      "id" uuid primary key,
      "medication_id" uuid not null references "care"."medication" ("id"),
      "care_recipient_id" uuid not null,
      "care_circle_id" uuid not null,
      "status" text not null check ("status" in ('GIVEN', 'SKIPPED', 'MISSED')),
      "note" text null,
      "logged_by_id" uuid not null,
      "logged_at" timestamptz not null default now()
    )`);
    this.addSql(`create index "medication_log_medication_id_logged_at_id_index" on "care"."medication_log" ("medication_id", "logged_at" desc, "id" desc)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "care"."medication_log"');
    this.addSql('drop table if exists "care"."medication"');
    this.addSql('drop table if exists "care"."care_recipient"');
    this.addSql('drop table if exists "care"."outbox"');
    this.addSql('drop function if exists "care"."outbox_notify"()');
  }
}

import { Migration } from '@mikro-orm/migrations';

/** Appointments, emergency alerts, shifts and the timeline. */
export class Migration0002AppointmentsAlertsShiftsTimeline extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "care"."appointment" (
      "id" uuid primary key,
      "care_recipient_id" uuid not null references "care"."care_recipient" ("id"),
      "care_circle_id" uuid not null,
      "title" text not null check ("title" <> ''),
      "starts_at" timestamptz not null,
      "location" text null,
      "status" text not null check ("status" in ('REQUESTED', 'CONFIRMED', 'CANCELLED', 'COMPLETED')),
      "cancellation_reason" text null,
      "fee_cents" int not null check ("fee_cents" >= 0),
      "created_by_id" uuid not null,
      "created_at" timestamptz not null default now(),
      "version" int not null default 1
    )`);
    this.addSql(`create index "appointment_care_recipient_id_starts_at_id_index" on "care"."appointment" ("care_recipient_id", "starts_at", "id")`);

    this.addSql(`create table "care"."emergency_alert" (
      "id" uuid primary key,
      "care_recipient_id" uuid not null references "care"."care_recipient" ("id"),
      "care_circle_id" uuid not null,
      "message" text not null check ("message" <> ''),
      "status" text not null check ("status" in ('OPEN', 'RESOLVED')),
      "raised_by_id" uuid not null,
      "raised_at" timestamptz not null default now(),
      "resolved_by_id" uuid null,
      "resolved_at" timestamptz null,
      check (("status" = 'RESOLVED') = ("resolved_at" is not null))
    )`);
    this.addSql(`create index "emergency_alert_care_recipient_id_raised_at_id_index" on "care"."emergency_alert" ("care_recipient_id", "raised_at" desc, "id" desc)`);

    this.addSql(`create table "care"."shift" (
      "id" uuid primary key,
      "care_recipient_id" uuid not null references "care"."care_recipient" ("id"),
      "care_circle_id" uuid not null,
      "caregiver_id" uuid not null,
      "started_at" timestamptz not null default now(),
      "ended_at" timestamptz null,
      check ("ended_at" is null or "ended_at" >= "started_at")
    )`);
    // At most one open shift per caregiver and recipient, even under concurrent startShift calls.
    this.addSql(`create unique index "shift_one_open_per_caregiver_and_recipient" on "care"."shift" ("caregiver_id", "care_recipient_id") where "ended_at" is null`);
    this.addSql(`create index "shift_care_recipient_id_index" on "care"."shift" ("care_recipient_id")`);

    // Deferred: an entry is written in the same flush as the recipient it describes, and the
    // ORM knows no relation between them to order the inserts by.
    this.addSql(`create table "care"."timeline_entry" (
      "id" uuid primary key,
      "care_recipient_id" uuid not null references "care"."care_recipient" ("id") deferrable initially deferred,
      "care_circle_id" uuid not null,
      "kind" text not null check ("kind" <> ''),
      "text" text not null check ("text" <> ''),
      "author_id" uuid not null,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create index "timeline_entry_care_recipient_id_created_at_id_index" on "care"."timeline_entry" ("care_recipient_id", "created_at" desc, "id" desc)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "care"."timeline_entry"');
    this.addSql('drop table if exists "care"."shift"');
    this.addSql('drop table if exists "care"."emergency_alert"');
    this.addSql('drop table if exists "care"."appointment"');
  }
}

import { Migration } from '@mikro-orm/migrations';
import { outboxTableSql } from '@caregraph/shared';

/** notifications and the notifications outbox. */
export class Migration0001Initial extends Migration {
  override async up(): Promise<void> {
    for (const statement of outboxTableSql('notifications')) this.addSql(statement);
    this.addSql(`create table "notifications"."notification" (
      "id" uuid primary key,
      "recipient_id" uuid not null,
      "care_circle_id" uuid null,
      "title" text not null check ("title" <> ''),
      "body" text not null,
      "priority" text not null check ("priority" in ('NORMAL', 'HIGH', 'CRITICAL')),
      "channels" text[] not null check (cardinality("channels") > 0 and "channels" <@ array['IN_APP', 'EMAIL', 'PUSH', 'SMS']),
      "event_id" text not null check ("event_id" <> ''),
      "event_type" text not null,
      "read_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      constraint "notification_recipient_id_event_id_unique" unique ("recipient_id", "event_id")
    )`);
    this.addSql(`create index "notification_recipient_id_created_at_id_index" on "notifications"."notification" ("recipient_id", "created_at" desc, "id" desc)`);
    this.addSql(`create index "notification_unread_index" on "notifications"."notification" ("recipient_id") where "read_at" is null`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "notifications"."notification"');
    this.addSql('drop table if exists "notifications"."outbox"');
    this.addSql('drop function if exists "notifications"."outbox_notify"()');
  }
}

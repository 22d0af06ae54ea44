import { Migration } from '@mikro-orm/migrations';
import { outboxTableSql } from '@caregraph/shared';

/**
 * Users, care circles and memberships, the outbox, and `identity.membership_directory`:
 * the read model other subgraphs authorise with (through CareCircleDirectory). The view's
 * columns (user_id uuid, care_circle_id uuid, role text) are a published contract: change
 * the tables behind it freely, never its shape.
 */
export class Migration0001Initial extends Migration {
  override async up(): Promise<void> {
    for (const sql of outboxTableSql('identity')) this.addSql(sql);
    this.addSql(`create table "identity"."users" (
      "id" uuid primary key,
      "email" text not null check ("email" = lower(btrim("email")) and "email" like '%_@_%'),
      "password_hash" text not null,
      "display_name" text not null check (char_length(btrim("display_name")) between 1 and 100),
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql(`create unique index "users_email_key" on "identity"."users" (lower("email"))`);
    this.addSql(`create table "identity"."care_circles" (
      "id" uuid primary key,
      "name" text not null check (char_length(btrim("name")) between 1 and 100),
      "created_by_id" uuid not null references "identity"."users" ("id"),
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "identity"."memberships" (
      "id" uuid primary key,
      "care_circle_id" uuid not null references "identity"."care_circles" ("id") on delete cascade,
      "user_id" uuid not null references "identity"."users" ("id") on delete cascade,
      "role" text not null check ("role" in ('OWNER', 'CAREGIVER', 'FAMILY', 'VIEWER')),
      "joined_at" timestamptz not null default now(),
      constraint "memberships_care_circle_id_user_id_unique" unique ("care_circle_id", "user_id")
    )`);
    this.addSql(`create index "memberships_user_id_index" on "identity"."memberships" ("user_id")`);
    this.addSql(`create view "identity"."membership_directory" as
      select "user_id", "care_circle_id", "role" from "identity"."memberships"`);
  }

  override async down(): Promise<void> {
    this.addSql('drop view if exists "identity"."membership_directory"');
    this.addSql('drop table if exists "identity"."memberships"');
    this.addSql('drop table if exists "identity"."care_circles"');
    this.addSql('drop table if exists "identity"."users"');
    this.addSql('drop table if exists "identity"."outbox"');
    this.addSql('drop function if exists "identity"."outbox_notify"()');
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * The care-circle log: every stored event of a circle gets `circle_sequence` 1, 2, 3… with no
 * gaps, handed out under a row lock on `audit.circle_heads` so a sequence commits only after
 * every lower one of its circle did. Resumable subscriptions (`careCircleEvents(after:)`) and
 * `careCircleEventLog` read it. Events stored before this migration are numbered in append order.
 */
export class Migration0003CircleLog extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "audit"."circle_heads" (
      "care_circle_id" uuid primary key,
      "last_sequence" bigint not null
    )`);
    this.addSql(`alter table "audit"."events" add column "circle_sequence" bigint null`);
    // The one sanctioned rewrite of old rows: number what is already stored.
    this.addSql(`alter table "audit"."events" disable trigger "events_append_only"`);
    this.addSql(`update "audit"."events" e set "circle_sequence" = n.sequence
      from (select "id", row_number() over (partition by "care_circle_id" order by "position") as sequence
            from "audit"."events" where "care_circle_id" is not null) n
      where e."id" = n."id"`);
    this.addSql(`alter table "audit"."events" enable trigger "events_append_only"`);
    this.addSql(`insert into "audit"."circle_heads" ("care_circle_id", "last_sequence")
      select "care_circle_id", max("circle_sequence") from "audit"."events" where "care_circle_id" is not null group by "care_circle_id"`);
    this.addSql(`create unique index "events_care_circle_id_circle_sequence_unique" on "audit"."events" ("care_circle_id", "circle_sequence")`);
    this.addSql(`alter table "audit"."events" add constraint "events_circle_sequence_check"
      check (("care_circle_id" is null) = ("circle_sequence" is null))`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit"."events" drop constraint if exists "events_circle_sequence_check"`);
    this.addSql(`drop index if exists "audit"."events_care_circle_id_circle_sequence_unique"`);
    this.addSql(`alter table "audit"."events" drop column if exists "circle_sequence"`);
    this.addSql(`drop table if exists "audit"."circle_heads"`);
  }
}

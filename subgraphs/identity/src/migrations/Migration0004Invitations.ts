import { Migration } from '@mikro-orm/migrations';

/**
 * `identity.invitations`: a membership offered to an email address, which becomes a membership
 * only when the person signed in with that address accepts it. At most one PENDING invitation
 * per (circle, email); answered ones stay as history.
 */
export class Migration0004Invitations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "identity"."invitations" (
      "id" uuid primary key,
      "care_circle_id" uuid not null references "identity"."care_circles" ("id") on delete cascade,
      "email" text not null check ("email" = lower(btrim("email")) and "email" like '%_@_%'),
      "role" text not null check ("role" in ('OWNER', 'CAREGIVER', 'FAMILY', 'VIEWER')),
      "invited_by_id" uuid not null references "identity"."users" ("id") on delete cascade,
      "status" text not null default 'PENDING' check ("status" in ('PENDING', 'ACCEPTED', 'DECLINED')),
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "responded_at" timestamptz null
    )`);
    this.addSql(`create unique index "invitations_pending_care_circle_id_email_key"
      on "identity"."invitations" ("care_circle_id", "email") where "status" = 'PENDING'`);
    this.addSql(`create index "invitations_pending_email_index" on "identity"."invitations" ("email") where "status" = 'PENDING'`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "identity"."invitations"');
  }
}

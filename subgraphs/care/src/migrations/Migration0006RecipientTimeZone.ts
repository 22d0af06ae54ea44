import { Migration } from '@mikro-orm/migrations';

/** Each care recipient's IANA time zone; medication reminders follow it. */
export class Migration0006RecipientTimeZone extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "care"."care_recipient" add column "time_zone" text not null default 'UTC' check ("time_zone" <> '')`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "care"."care_recipient" drop column "time_zone"`);
  }
}

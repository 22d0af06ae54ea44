import { Migration } from '@mikro-orm/migrations';

/** When a medication's next reminder is due (null once stopped), and when it was stopped. */
export class Migration0007MedicationReminders extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "care"."medication" add column "next_dose_at" timestamptz null, add column "stopped_at" timestamptz null`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "care"."medication" drop column "next_dose_at", drop column "stopped_at"`);
  }
}

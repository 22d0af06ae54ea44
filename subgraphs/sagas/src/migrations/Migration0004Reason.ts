import { Migration } from '@mikro-orm/migrations';

/** The saga's `reason` while it waits for the replies to its compensation or refund commands (ADR 0010). */
export class Migration0004Reason extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "sagas"."booking_saga" add column if not exists "reason" text null`);
  }
}

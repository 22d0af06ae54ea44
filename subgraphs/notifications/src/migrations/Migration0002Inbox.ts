import { Migration } from '@mikro-orm/migrations';
import { inboxTableSql } from '@caregraph/shared';

/** `notifications.inbox`: the notifications consumer's handled events, committed with its rows. */
export class Migration0002Inbox extends Migration {
  override async up(): Promise<void> {
    for (const statement of inboxTableSql('notifications')) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "notifications"."inbox"');
  }
}

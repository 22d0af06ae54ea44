import { Migration } from '@mikro-orm/migrations';
import { inboxTableSql } from '@caregraph/shared';

/** The audit consumer's inbox (`audit.inbox`), written in the same transaction as its appends. */
export class Migration0002Inbox extends Migration {
  override async up(): Promise<void> {
    for (const statement of inboxTableSql('audit')) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "audit"."inbox"');
  }
}

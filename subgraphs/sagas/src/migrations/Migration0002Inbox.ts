import { Migration } from '@mikro-orm/migrations';
import { inboxTableSql } from '@caregraph/shared';

/** The inbox of the booking saga's consumer, beside its state, so both commit together. */
export class Migration0002Inbox extends Migration {
  override async up(): Promise<void> {
    for (const statement of inboxTableSql('sagas')) this.addSql(statement);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * `identity.user_directory (user_id uuid, email text, display_name text)`: how other subgraphs
 * address a user (the notifications consumer mails them). Like membership_directory it is a
 * published contract: change the users table behind it freely, never the view's shape.
 * It carries no password hash and nothing else private beyond what addressing needs.
 */
export class Migration0002UserDirectory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create view "identity"."user_directory" as
      select "id" as "user_id", "email", "display_name" from "identity"."users"`);
  }

  override async down(): Promise<void> {
    this.addSql('drop view if exists "identity"."user_directory"');
  }
}

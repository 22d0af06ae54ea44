import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { inboxTableSql } from './inboxTableSql';

/** A schema's migration adding its consumer inbox (inboxTableSql); append it under `name`. */
export function inboxMigration(schema: string, name: string): MigrationObject {
  class Inbox extends Migration {
    override async up(): Promise<void> {
      for (const statement of inboxTableSql(schema)) this.addSql(statement);
    }
  }
  return { name, class: Inbox };
}

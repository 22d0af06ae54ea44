import { outboxCancelMigration, outboxIndexesMigration } from '@caregraph/shared';
import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Initial } from './Migration0001Initial';
import { Migration0002Inbox } from './Migration0002Inbox';
import { Migration0003CircleLog } from './Migration0003CircleLog';

/** Audit's migrations, in order. Append; never edit one that has shipped. */
export const auditMigrations: MigrationObject[] = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
  { name: 'Migration0002Inbox', class: Migration0002Inbox },
  { name: 'Migration0003CircleLog', class: Migration0003CircleLog },
  outboxIndexesMigration('audit', 'Migration0004OutboxIndexes'),
  outboxCancelMigration('audit', 'Migration0005OutboxCancel'),
];

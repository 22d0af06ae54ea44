import { outboxCancelMigration, outboxIndexesMigration } from '@caregraph/shared';
import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Initial } from './Migration0001Initial';
import { Migration0002Inbox } from './Migration0002Inbox';
import { Migration0005Webhooks } from './Migration0005Webhooks';

/** The notifications schema's migrations, in order. Append; never edit one that has shipped. */
export const notificationsMigrations: MigrationObject[] = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
  { name: 'Migration0002Inbox', class: Migration0002Inbox },
  outboxIndexesMigration('notifications', 'Migration0003OutboxIndexes'),
  outboxCancelMigration('notifications', 'Migration0004OutboxCancel'),
  { name: 'Migration0005Webhooks', class: Migration0005Webhooks },
];

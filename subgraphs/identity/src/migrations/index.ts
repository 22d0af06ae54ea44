import { outboxCancelMigration, outboxIndexesMigration } from '@caregraph/shared';
import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Initial } from './Migration0001Initial';
import { Migration0002UserDirectory } from './Migration0002UserDirectory';
import { Migration0004Invitations } from './Migration0004Invitations';

/** Identity's migrations, in order. Append; never edit one that has shipped. */
export const identityMigrations: MigrationObject[] = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
  { name: 'Migration0002UserDirectory', class: Migration0002UserDirectory },
  outboxIndexesMigration('identity', 'Migration0003OutboxIndexes'),
  { name: 'Migration0004Invitations', class: Migration0004Invitations },
  outboxCancelMigration('identity', 'Migration0005OutboxCancel'),
];

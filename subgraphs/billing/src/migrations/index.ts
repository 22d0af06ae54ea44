import { inboxMigration, outboxCancelMigration, outboxIndexesMigration } from '@caregraph/shared';
import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Initial } from './Migration0001Initial';
import { Migration0002Refunds } from './Migration0002Refunds';

/** Billing's migrations, in order. Append; never edit one that has shipped. */
export const billingMigrations: MigrationObject[] = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
  { name: 'Migration0002Refunds', class: Migration0002Refunds },
  outboxIndexesMigration('billing', 'Migration0003OutboxIndexes'),
  // The inbox of its command consumer (ADR 0010).
  inboxMigration('billing', 'Migration0004CommandInbox'),
  outboxCancelMigration('billing', 'Migration0005OutboxCancel'),
];

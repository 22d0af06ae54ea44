import { outboxCancelMigration, outboxIndexesMigration } from '@caregraph/shared';
import { BookingSaga } from './booking/BookingSaga.entity';
import { Migration0001Initial } from './migrations/Migration0001Initial';
import { Migration0002Inbox } from './migrations/Migration0002Inbox';
import { Migration0004Reason } from './migrations/Migration0004Reason';

/** Every entity the sagas schema owns (the outbox is added by createOrm). */
export const sagasEntities = [BookingSaga];

/** Migrations in order. */
export const sagasMigrations = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
  { name: 'Migration0002Inbox', class: Migration0002Inbox },
  outboxIndexesMigration('sagas', 'Migration0003OutboxIndexes'),
  { name: 'Migration0004Reason', class: Migration0004Reason },
  outboxCancelMigration('sagas', 'Migration0005OutboxCancel'),
];

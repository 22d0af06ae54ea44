import type { ConsumerDefinition } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendToAuditLog } from '../store/appendToAuditLog';

export interface AuditConsumerOptions {
  /** An EntityManager of an ORM on schema `audit` (createOrm with auditEntities / auditMigrations). */
  em: EntityManager;
}

/**
 * The audit role: every event the `audit` fanout copies to `audit.log` is appended to the
 * event store once. The runtime's inbox (`audit.inbox`) and appendToAuditLog's
 * insert-if-absent both drop duplicates; an event that can never be stored (BAD_USER_INPUT
 * from appendToAuditLog) goes straight to the dead letters.
 */
export function auditConsumer(options: AuditConsumerOptions): ConsumerDefinition {
  return {
    name: 'audit',
    queue: 'audit.log',
    inboxSchema: 'audit',
    em: options.em,
    async handle(event, em, logger) {
      const { appended } = await appendToAuditLog(em, event);
      if (!appended) logger.debug('Already in the audit log');
    },
  };
}

import { AuditEntry } from './store/AuditEntry.entity';

/** Every entity the audit schema owns (the outbox is added by createOrm). */
export const auditEntities = [AuditEntry];

export { auditMigrations } from './migrations';
